import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { VendureClient } from './vendure-client.ts';

const stockLocationsDocument = `query StockLocations($take: Int!, $skip: Int!) {
  stockLocations(options: { take: $take, skip: $skip }) {
    items { id }
    totalItems
  }
}`;

/** Lenient `StockLocationList`: the ids of one page and how many there are. */
const StockLocationsSchema = z.object({
  stockLocations: z.object({
    items: z.array(z.object({ id: z.union([z.string(), z.number()]) })),
    totalItems: z.number().int().nullish(),
  }),
});

/** Vendure's default `shopListQueryLimit`/`adminListQueryLimit` is 100: a larger `take` is refused. */
const pageSize = 100;
const maximumPages = 20;

/**
 * Vendure's connection check through the Admin API's `stockLocations` list: the API key or bearer token is accepted
 * and holds ReadStockLocation in the channel (Vendure answers FORBIDDEN otherwise, an AuthenticationError), and each
 * configured location is one of the channel's stock locations.
 * https://docs.vendure.io/reference/graphql-api/admin/queries#stocklocations
 */
export function createVendureCheck(client: VendureClient, requestTimeoutMs: number): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      let known: Set<string> | undefined;
      const credentials = await runCheckStep('credentials', requestTimeoutMs * maximumPages, async () => {
        const ids = new Set<string>();
        for (let page = 0; page < maximumPages; page += 1) {
          const answer = await client.request(
            'StockLocations',
            stockLocationsDocument,
            { take: pageSize, skip: page * pageSize },
            StockLocationsSchema,
          );
          for (const location of answer.stockLocations.items) ids.add(String(location.id));
          const total = answer.stockLocations.totalItems ?? 0;
          if (answer.stockLocations.items.length < pageSize || ids.size >= total) break;
        }
        known = ids;
        return { ok: true, message: 'the credentials are accepted and may read stock locations (stockLocations)' };
      });
      if (known === undefined) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const channel = known;
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (id) => channel.has(id), 'stock location'),
      };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
