import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import type { SquareApi } from './square-client.ts';

/**
 * Square's connection check in one ListLocations call: the access token is accepted (a 401 is an
 * AuthenticationError), and each configured location id is one of the seller's locations.
 * https://developer.squareup.com/reference/square/locations-api/list-locations
 */
export function createSquareCheck(api: SquareApi, timeoutSeconds: number): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      let known: Set<string> | undefined;
      const credentials = await runCheckStep('credentials', timeoutSeconds * 1_000, async () => {
        const answer = await api.call('ListLocations', (sdk) => sdk.locations.list());
        known = new Set((answer.locations ?? []).flatMap((location) => (location.id ? [location.id] : [])));
        return { ok: true, message: 'the access token is accepted (ListLocations)' };
      });
      if (known === undefined) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const seller = known;
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (id) => seller.has(id), 'location'),
      };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
