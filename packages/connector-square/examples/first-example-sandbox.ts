// The seller account the README's first example (first-example.ts) runs against in tests: the package's own test
// and the pack check, which runs the example from the installed tarballs. Only the example's base URL and
// credentials come from here, through the environment variables it reads.
import { createSquareSandbox } from '@stockwire/connector-square/sandbox';

export async function startFirstExampleSandbox() {
  const square = await createSquareSandbox();
  square.addLocation('L8BACKROOM01');
  square.setCount(square.addVariation('TSHIRT-M'), 'L8BACKROOM01', 'IN_STOCK', '7');
  return {
    environment: {
      SQUARE_BASE_URL: square.baseUrl,
      SQUARE_ACCESS_TOKEN: square.accessToken,
      SQUARE_WEBHOOK_SIGNATURE_KEY: square.signatureKey,
    },
    /** What the example should have sent and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const calls = square.server.calls;
      if (calls.length === 0) problems.push('the example called nothing');
      for (const call of calls)
        if (call.headers.authorization !== `Bearer ${square.accessToken}`)
          problems.push(`${call.method} ${call.path} was sent without the access token`);
      for (const printed of [/sku: 'TSHIRT-M'/, /location: 'store-main'/, /available: 7/])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: () => square.close(),
  };
}
