import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { ShipBobClient } from './shipbob-client.ts';
import type { ShipBobConnectorSettings } from './shipbob-settings.ts';

/** Lenient `Receiving.FulfillmentCenterViewModelArray`: only the ids. */
const FulfillmentCentersSchema = z.array(z.object({ id: z.number().int().nullish() }));

/**
 * ShipBob's connection check in one Get Fulfillment Centers call: the token is accepted (a 401, or a 403 for a token
 * without the scope, is an AuthenticationError), and each configured location id is one of the fulfilment centres.
 * ShipBob does not tell a token's scopes through its API, so there is no `scopes` check.
 * `GET /{version}/fulfillment-center` in ../shared/specs/shipbob/openapi-2026-01.json (and 2025-07).
 */
export function createShipBobCheck(client: ShipBobClient, settings: ShipBobConnectorSettings): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      let known: Set<string> | undefined;
      // An OAuth connection may fetch a token and retry once after a 401: three calls, each with its own timeout.
      const credentials = await runCheckStep('credentials', settings.requestTimeoutMs * 3, async () => {
        const answer = await client.get({
          operation: 'getFulfillmentCenters',
          path: `/${settings.apiVersion}/fulfillment-center`,
          responseSchema: FulfillmentCentersSchema,
        });
        // Levels name a centre by its numeric id; the configuration writes it as a string.
        known = new Set(answer.data.flatMap((center) => (center.id == null ? [] : [String(center.id)])));
        return { ok: true, message: `the credentials are accepted (GET /${settings.apiVersion}/fulfillment-center)` };
      });
      if (known === undefined) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const centers = known;
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (id) => centers.has(id), 'fulfillment center'),
      };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
