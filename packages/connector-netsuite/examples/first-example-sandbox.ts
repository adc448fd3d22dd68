// The account the README's first example (first-example.ts) runs against in tests: the package's own test and the
// pack check, which runs the example from the installed tarballs. Only the example's base URL and credentials
// come from here, through the environment variables it reads.
import { createNetSuiteSandbox } from '@stockwire/connector-netsuite/sandbox';

const location = 1;

export async function startFirstExampleSandbox() {
  const netSuite = await createNetSuiteSandbox();
  netSuite.addLocation(location);
  const item = netSuite.addItem('MUG-BLUE');
  netSuite.setBalance(item, location, { onHand: 40, committed: 6 });
  return {
    environment: {
      NETSUITE_ACCOUNT: netSuite.account,
      NETSUITE_BASE_URL: netSuite.baseUrl,
      NETSUITE_CLIENT_ID: netSuite.m2m.clientId,
      NETSUITE_CERTIFICATE_ID: netSuite.m2m.certificateId,
      NETSUITE_PRIVATE_KEY: netSuite.m2m.privateKeyPem,
    },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = netSuite.calls;
      if (calls.length === 0) problems.push('the example called nothing');
      if (!calls.some((call) => call.path === netSuite.tokenPath))
        problems.push('the example never asked for an OAuth 2 token');
      const adjustments = calls.filter((call) => call.path.endsWith('/record/v1/inventoryAdjustment'));
      if (adjustments.length !== 1) problems.push(`expected one inventoryAdjustment, saw ${adjustments.length}`);
      else if (!/"adjustQtyBy":-4\b/.test(adjustments[0]?.bodyText ?? ''))
        problems.push(`the adjustment was not adjustQtyBy -4: ${adjustments[0]?.bodyText}`);
      const balance = netSuite.balance(item, location);
      if (balance.onHand !== 36) problems.push(`NetSuite holds on hand ${balance.onHand}, not 36`);
      for (const printed of [
        /sku: 'MUG-BLUE'/,
        /location: 'wh-east'/,
        /onHand: 40/,
        /committed: 6/,
        /outcome: 'written'/,
      ])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => netSuite.close(),
  };
}
