import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2, ConnectionCheckStepV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { ShopifyGraphql } from './shopify-graphql.ts';

/** The Admin API scopes the connector uses (README, "Setting up the app"). */
export const shopifyRequiredScopes = ['read_inventory', 'write_inventory', 'read_products', 'read_orders'] as const;

const connectionCheckDocument = `query ConnectionCheck($ids: [ID!]!) {
  currentAppInstallation { accessScopes { handle } }
  nodes(ids: $ids) { ... on Location { id isActive } }
}`;

/** Lenient: only the scope handles and which location ids came back. */
const ConnectionCheckAnswer = z.object({
  currentAppInstallation: z.object({ accessScopes: z.array(z.object({ handle: z.string() })).nullish() }).nullish(),
  nodes: z.array(z.object({ id: z.string().nullish(), isActive: z.boolean().nullish() }).nullish()).nullish(),
});

/**
 * Shopify's connection check: one Admin GraphQL query answers all three questions — the token works (a 401 is an
 * AuthenticationError), the app holds every scope the connector uses, and each configured location id exists.
 * A write scope grants its read scope, as Shopify documents for access scopes.
 * https://shopify.dev/docs/api/usage/access-scopes
 */
export function createShopifyCheck(graphql: ShopifyGraphql, timeoutMs: number): CheckCapabilityV2 {
  return {
    checks: ['credentials', 'scopes', 'locations'],
    async check(request) {
      let answer: z.infer<typeof ConnectionCheckAnswer> | undefined;
      const credentials = await runCheckStep('credentials', timeoutMs, async () => {
        const data = await graphql.request({
          operation: 'ConnectionCheck',
          document: connectionCheckDocument,
          variables: { ids: request.locations.map((entry) => entry.externalLocation) },
          estimatedCost: 1 + request.locations.length,
        });
        answer = ConnectionCheckAnswer.parse(data ?? {});
        return { ok: true, message: 'the access token is accepted by the Admin API' };
      });
      if (answer === undefined) {
        return connectionCheckResult([
          credentials,
          skippedCheck('scopes', 'credentials'),
          skippedCheck('locations', 'credentials'),
        ]);
      }
      const granted = new Set((answer.currentAppInstallation?.accessScopes ?? []).map((scope) => scope.handle));
      const missing = shopifyRequiredScopes.filter(
        (scope) => !granted.has(scope) && !granted.has(scope.replace(/^read_/, 'write_')),
      );
      const scopes: ConnectionCheckStepV2 =
        missing.length === 0
          ? { name: 'scopes', ok: true, message: `granted: ${shopifyRequiredScopes.join(', ')}` }
          : {
              name: 'scopes',
              ok: false,
              message: `the app lacks ${missing.join(', ')}; grant them in the app's Admin API scopes`,
            };
      const found = new Set((answer.nodes ?? []).flatMap((node) => (node?.id ? [node.id] : [])));
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (id) => found.has(id), 'location'),
      };
      return connectionCheckResult([credentials, scopes, locations]);
    },
  };
}
