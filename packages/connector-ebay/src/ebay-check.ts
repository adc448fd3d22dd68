import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { EbayClient } from './ebay-client.ts';

/** Lenient `LocationResponse`: the keys of one page and whether another follows. */
const LocationPageSchema = z.object({
  locations: z.array(z.object({ merchantLocationKey: z.string().nullish() })).nullish(),
  next: z.string().nullish(),
});

/** getInventoryLocations' largest page. */
const pageSize = 100;
/** A seller with more locations than this is unusual; the check stops rather than page without end. */
const maximumPages = 20;

/**
 * eBay's connection check through getInventoryLocations: the refresh token is exchanged and the user token accepted
 * (a 401, or a 403 without the sell.inventory scope, is an AuthenticationError), and each configured location is
 * one of the seller's merchant location keys. eBay's refresh answer does not list the granted scopes, so a missing
 * scope shows as the credentials check's AuthenticationError rather than a separate `scopes` check.
 * https://developer.ebay.com/api-docs/sell/inventory/resources/location/methods/getInventoryLocations
 */
export function createEbayCheck(client: EbayClient, requestTimeoutMs: number): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      let known: Set<string> | undefined;
      // The token exchange, then each page, each call with its own timeout (and one token renewal on a 401).
      const credentials = await runCheckStep('credentials', requestTimeoutMs * (maximumPages + 3), async () => {
        const keys = new Set<string>();
        for (let page = 0; page < maximumPages; page += 1) {
          const answer = await client.call({
            operation: 'getInventoryLocations',
            method: 'GET',
            path: '/sell/inventory/v1/location',
            query: { limit: pageSize, offset: page * pageSize },
            responseSchema: LocationPageSchema,
          });
          for (const location of answer.data?.locations ?? []) {
            if (location.merchantLocationKey) keys.add(location.merchantLocationKey);
          }
          if (!answer.data?.next) break;
        }
        known = keys;
        return { ok: true, message: 'the user token is accepted (getInventoryLocations)' };
      });
      if (known === undefined) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const seller = known;
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (key) => seller.has(key), 'merchant location'),
      };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
