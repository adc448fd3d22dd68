// The shop the README's first example (first-example.ts) runs against in tests: a real Vendure server, started as
// the package's tests start it (sql.js, a fresh database each time). Only the example's Admin API URL and API key
// come from here, through the environment variables it reads.
import {
  createStockLocation,
  createSuperAdminApiKey,
  createVariant,
  readStockLevels,
  startVendureTestServer,
} from '@stockwire/vendure-testing';
import { AutoIncrementIdStrategy, VendurePlugin } from '@vendure/core';

// The test configuration encodes ids as `T_1`; a real Vendure (and so the README) shows `1`. The decorator is
// called by hand because Node runs this file by stripping types, which leaves decorators unsupported.
class PlainIdsPlugin {}
VendurePlugin({
  configuration: (config) => {
    config.entityOptions.entityIdStrategy = new AutoIncrementIdStrategy();
    return config;
  },
})(PlainIdsPlugin);

export async function startFirstExampleSandbox() {
  const vendure = await startVendureTestServer({ plugins: [PlainIdsPlugin] });
  const [location] = (
    await vendure.admin<{ stockLocations: { items: Array<{ id: string }> } }>('{ stockLocations { items { id } } }')
  ).stockLocations.items;
  const stockLocationId = location?.id ?? (await createStockLocation(vendure, 'Warehouse East'));
  const variant = await createVariant(vendure, 'MUG-BLUE', [{ stockLocationId, stockOnHand: 12 }]);
  const apiKey = await createSuperAdminApiKey(vendure, 'Stockwire first example');
  return {
    environment: { VENDURE_ADMIN_API_URL: vendure.adminApiUrl, VENDURE_API_KEY: apiKey },
    /** What the example should have done to the shop and printed; each miss is one line. */
    async problems(stdout: string): Promise<string[]> {
      const problems: string[] = [];
      if (stockLocationId !== '1')
        problems.push(`the default stock location is ${stockLocationId}, the example maps 1`);
      const levels = await readStockLevels(vendure, variant);
      const level = levels.find((each) => each.stockLocationId === stockLocationId);
      if (level?.stockOnHand !== 9) problems.push(`Vendure holds ${JSON.stringify(levels)}, not stock on hand 9`);
      for (const printed of [/sku: 'MUG-BLUE'/, /location: 'wh-east'/, /onHand: 12/, /outcome: 'written'/])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => vendure.close(),
  };
}
