// The store the README's first example (first-example.ts) runs against in tests: the package's own test and the
// pack check, which runs the example from the installed tarballs. Only the example's base URL and credentials
// come from here, through the environment variables it reads.
import { createShopifySandbox } from '@stockwire/connector-shopify/sandbox';

const location = 'gid://shopify/Location/1001';

export async function startFirstExampleSandbox() {
  const store = await createShopifySandbox();
  store.addLocation(location);
  const item = store.addInventoryItem('TSHIRT-M');
  store.setLevel(item, location, { available: 12, on_hand: 14, committed: 2 });
  return {
    environment: {
      SHOPIFY_SHOP: store.shop,
      SHOPIFY_ADMIN_API_URL: store.baseUrl,
      SHOPIFY_ACCESS_TOKEN: store.accessToken,
      SHOPIFY_API_SECRET: store.apiSecretKey,
    },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = store.server.calls;
      if (calls.length === 0) problems.push('the example called nothing');
      for (const call of calls) {
        if (call.headers['x-shopify-access-token'] !== store.accessToken)
          problems.push(`${call.method} ${call.path} was sent without the access token`);
      }
      const mutations = calls.filter((call) => /inventorySetQuantities/.test(call.bodyText));
      if (mutations.length !== 1) problems.push(`expected one inventorySetQuantities call, saw ${mutations.length}`);
      const level = store.level(item, location);
      if (level?.available !== 10) problems.push(`the store holds ${JSON.stringify(level)}, not available 10`);
      for (const printed of [
        /sku: 'TSHIRT-M'/,
        /location: 'wh-east'/,
        /available: 12/,
        /onHand: 14/,
        /outcome: 'written'/,
      ])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => store.close(),
  };
}
