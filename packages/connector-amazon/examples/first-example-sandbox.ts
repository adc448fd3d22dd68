// The seller account the README's first example (first-example.ts) runs against in tests: the package's own test
// and the pack check, which runs the example from the installed tarballs. Only the example's endpoint, seller id
// and credentials come from here, through the environment variables it reads.
import { createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';

const marketplace = 'ATVPDKIKX0DER';

export async function startFirstExampleSandbox() {
  const sandbox = await createAmazonSandbox();
  sandbox.setListing(marketplace, 'TEE-BLK-M', 3);
  sandbox.setInventory(marketplace, [
    {
      asin: 'B071VG5N9D',
      fnSku: 'X0000ABCDE',
      sellerSku: 'TEE-BLK-M',
      condition: 'NewItem',
      inventoryDetails: { fulfillableQuantity: 7, reservedQuantity: { totalReservedQuantity: 2 } },
      lastUpdatedTime: '2026-11-24T11:00:00Z',
      productName: 'Black T-shirt, M',
      totalQuantity: 9,
    },
  ]);
  return {
    environment: {
      AMAZON_SELLER_ID: sandbox.sellerId,
      AMAZON_SP_API_ENDPOINT: sandbox.baseUrl,
      AMAZON_LWA_CLIENT_ID: sandbox.credentials.clientId,
      AMAZON_LWA_CLIENT_SECRET: sandbox.credentials.clientSecret,
      AMAZON_REFRESH_TOKEN: sandbox.credentials.refreshToken,
    },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = sandbox.spApiCalls();
      if (calls.length === 0) problems.push('the example called no SP-API operation');
      for (const call of calls)
        if (call.headers['x-amz-access-token'] !== sandbox.credentials.accessToken)
          problems.push(`${call.method} ${call.path} was sent without the access token`);
      const inventoryReads = calls.filter((call) => call.path === '/fba/inventory/v1/summaries');
      if (inventoryReads.length !== 1)
        problems.push(`expected one getInventorySummaries, saw ${inventoryReads.length}`);
      const patches = calls.filter((call) => call.method === 'PATCH' && call.path.startsWith('/listings/2021-08-01/'));
      if (patches.length !== 1) problems.push(`expected one patchListingsItem, saw ${patches.length}`);
      const quantity = sandbox.listingQuantity(marketplace, 'TEE-BLK-M');
      if (quantity !== 12) problems.push(`the offer holds ${quantity}, not 12`);
      for (const printed of [
        /sku: 'TSHIRT-M'/,
        /location: 'amazon-us'/,
        /available: 7/,
        /onHand: 9/,
        /outcome: 'written'/,
        /remoteQuantity: 12/,
      ])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => sandbox.close(),
  };
}
