import { connectionCheckResult, locationsOutcome, runCheckStep, skippedCheck } from '@stockwire/connector-kit';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import type { AmazonClient } from './amazon-client.ts';
import type { AmazonConnectorSettings } from './amazon-settings.ts';

/**
 * Amazon's connection check. `credentials`: one getInventorySummaries page in the first marketplace, which needs the
 * LWA token exchange (a refused client or refresh token is an AuthenticationError) and the FBA inventory role.
 * `locations`: each configured location is one of the marketplaces the settings serve (`marketplaceIds`); Amazon's
 * own list of the seller's marketplaces is the Sellers API, which this connector does not call yet.
 */
export function createAmazonCheck(client: AmazonClient, settings: AmazonConnectorSettings): CheckCapabilityV2 {
  // The SDK's deadline bounds each call; the step's own bound adds the token exchange before it.
  const timeoutMs = settings.timeoutMs * 2;
  return {
    checks: ['credentials', 'locations'],
    async check(request) {
      const marketplaceId = settings.marketplaceIds[0] ?? '';
      const credentials = await runCheckStep('credentials', timeoutMs, async () => {
        await client.call({
          operation: 'getInventorySummaries',
          endpoint: 'fbaInventory',
          query: { granularityType: 'Marketplace', granularityId: marketplaceId, marketplaceIds: [marketplaceId] },
          target: `getInventorySummaries in ${marketplaceId} (connection check)`,
        });
        return { ok: true, message: `the LWA credentials are accepted (FBA inventory in ${marketplaceId})` };
      });
      if (!credentials.ok) return connectionCheckResult([credentials, skippedCheck('locations', 'credentials')]);
      const served = new Set(settings.marketplaceIds);
      const locations = {
        name: 'locations',
        ...locationsOutcome(request.locations, (id) => served.has(id), 'marketplace', 'in marketplaceIds'),
      };
      return connectionCheckResult([credentials, locations]);
    },
  };
}
