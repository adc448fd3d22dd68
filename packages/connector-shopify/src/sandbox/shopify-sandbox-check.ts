import type { SandboxOperation } from './shopify-sandbox-operations.ts';
import type { ShopifySandboxState } from './shopify-sandbox-state.ts';

/**
 * The connection check's one query: `currentAppInstallation { accessScopes { handle } }` and `nodes(ids:)` for the
 * configured locations. Like Shopify, `nodes` answers null for an id it does not know.
 * https://shopify.dev/docs/api/admin-graphql/latest/queries/currentAppInstallation
 */
export function createSandboxCheckOperations(state: ShopifySandboxState): Record<string, SandboxOperation> {
  return {
    ConnectionCheck: {
      requestedCost: (variables) => 1 + (Array.isArray(variables.ids) ? variables.ids.length : 0),
      run(variables) {
        const ids = Array.isArray(variables.ids) ? variables.ids.map(String) : [];
        return {
          data: {
            currentAppInstallation: { accessScopes: state.accessScopes.map((handle) => ({ handle })) },
            nodes: ids.map((id) => (state.locations.has(id) ? { id, name: id, isActive: true } : null)),
          },
          actualCost: 1 + ids.length,
        };
      },
    },
  };
}
