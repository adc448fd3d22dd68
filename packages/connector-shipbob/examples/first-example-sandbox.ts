// The account the README's first example (first-example.ts) runs against in tests: the package's own test and the
// pack check, which runs the example from the installed tarballs. Only the example's base URL and credentials
// come from here, through the environment variables it reads.
import { createShipBobSandbox } from '@stockwire/connector-shipbob/sandbox';

const center = 10;

export async function startFirstExampleSandbox() {
  const shipBob = await createShipBobSandbox();
  shipBob.addFulfillmentCenter(center, 'Moreno Valley (CA)');
  const item = shipBob.addItem('MUG-BLUE');
  shipBob.setLevel(item, center, { on_hand_quantity: 40, committed_quantity: 6 });
  shipBob.addReceivingOrder({
    fulfillmentCenter: center,
    lines: [{ inventoryId: item, quantity: 24 }],
    arrivesInMs: 3 * 86_400_000,
    completesInMs: 4 * 86_400_000,
  });
  return {
    environment: { SHIPBOB_BASE_URL: shipBob.baseUrl, SHIPBOB_TOKEN: shipBob.personalAccessToken },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = shipBob.calls;
      if (calls.length === 0) problems.push('the example called nothing');
      for (const call of calls) {
        if (call.headers.authorization !== `Bearer ${shipBob.personalAccessToken}`)
          problems.push(`${call.method} ${call.path} was sent without the personal access token`);
        if (call.method !== 'GET') problems.push(`${call.method} ${call.path}: the example only reads`);
      }
      for (const path of ['/2026-01/inventory-level/locations', '/2026-01/receiving'])
        if (!calls.some((call) => call.path === path)) problems.push(`the example never called GET ${path}`);
      for (const printed of [
        /sku: 'MUG-BLUE'/,
        /location: 'fc-moreno-valley'/,
        /onHand: 40/,
        /committed: 6/,
        /kind: 'incoming-expected'/,
        /quantity: 24/,
      ])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => shipBob.close(),
  };
}
