import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import { accountWarehousesDocument } from './shiphero-documents.ts';
import type { ShipHeroGraphql } from './shiphero-graphql.ts';

/** Lenient `account { data { warehouses { id } } }`: only the ids. */
const AccountWarehousesSchema = z.object({
  account: z
    .object({
      data: z.object({ warehouses: z.array(z.object({ id: z.string().nullish() }).nullish()).nullish() }).nullish(),
    })
    .nullish(),
});

/**
 * ShipHero's connection check in one `account` query: the refresh token (or user and password) is exchanged and the
 * bearer token accepted (a 401 is an AuthenticationError), and each configured location is one of the account's
 * warehouses (`Warehouse.id`, the id levels carry as `warehouse_id`). ShipHero's API does not tell a user's
 * permissions, so there is no `scopes` check.
 */
export function createShipHeroCheck(graphql: ShipHeroGraphql, requestTimeoutMs: number): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      let known: Set<string> | undefined;
      // The first call of an instance exchanges the token and reads user_quota before the query, and a 401 exchanges
      // once more: up to five requests, each bounded by its own timeout.
      const credentials = await runCheckStep('credentials', requestTimeoutMs * 5, async () => {
        const data = await graphql.request({
          operation: 'AccountWarehouses',
          document: accountWarehousesDocument,
          variables: {},
          rootField: 'account',
          estimatedCost: 1,
        });
        const warehouses = AccountWarehousesSchema.parse(data).account?.data?.warehouses ?? [];
        known = new Set(warehouses.flatMap((warehouse) => (warehouse?.id ? [warehouse.id] : [])));
        return { ok: true, message: 'the credentials are accepted (account query)' };
      });
      if (known === undefined) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const account = known;
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (id) => account.has(id), 'warehouse'),
      };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
