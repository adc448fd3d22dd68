// The seller account the README's first example (first-example.ts) runs against in tests: the package's own test
// and the pack check, which runs the example from the installed tarballs. Only the example's base URL and
// credentials come from here, through the environment variables it reads.
import { createEbaySandbox } from '@stockwire/connector-ebay/sandbox';

export async function startFirstExampleSandbox() {
  const sandbox = await createEbaySandbox();
  sandbox.listSku('TEE-BLK-M', { locations: { 'WAREHOUSE-1': 5 } });
  return {
    environment: {
      EBAY_BASE_URL: sandbox.baseUrl,
      EBAY_CLIENT_ID: sandbox.credentials.clientId,
      EBAY_CLIENT_SECRET: sandbox.credentials.clientSecret,
      EBAY_REFRESH_TOKEN: sandbox.credentials.refreshToken,
    },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = sandbox.exchanges.filter((call) => call.path !== '/identity/v1/oauth2/token');
      if (calls.length === 0) problems.push('the example called no Sell API');
      for (const call of calls)
        if (!/^Bearer \S+$/.test(call.headers.authorization ?? ''))
          problems.push(`${call.method} ${call.path} was sent without an access token`);
      if (sandbox.tokensMinted !== 1)
        problems.push(`expected one access token, the sandbox minted ${sandbox.tokensMinted}`);
      const updates = calls.filter((call) => call.path === '/sell/inventory/v1/bulk_update_price_quantity');
      if (updates.length !== 1) problems.push(`expected one bulk_update_price_quantity, saw ${updates.length}`);
      if (/price/i.test(JSON.stringify(updates[0]?.json ?? {}))) problems.push('the update sent a price');
      const quantity = sandbox.locationQuantity('TEE-BLK-M', 'WAREHOUSE-1');
      if (quantity !== 10) problems.push(`WAREHOUSE-1 holds ${quantity}, not 10`);
      if (sandbox.availableQuantity('TEE-BLK-M') !== 10) problems.push('the offer does not offer 10');
      for (const printed of [
        /sku: 'TSHIRT-M'/,
        /location: 'wh-east'/,
        /available: 5/,
        /outcome: 'written'/,
        /remoteQuantity: 10/,
        /used: 1/,
        /remaining: 249/,
      ])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => sandbox.close(),
  };
}
