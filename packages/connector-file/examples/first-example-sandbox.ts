// The folder the README's first example (first-example.ts) runs against in tests: the package's own test and the
// pack check, which runs the example from the installed tarballs. A local folder is this connector's sandbox; the
// example finds it through WMS_FOLDER.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function startFirstExampleSandbox() {
  const folder = mkdtempSync(join(tmpdir(), 'stockwire-file-example-'));
  return {
    environment: { WMS_FOLDER: folder },
    /** What the example should have read, written and printed; each miss is one line. */
    problems(stdout: string): string[] {
      const problems: string[] = [];
      const outbox = readdirSync(join(folder, 'outbox')).filter((name) => /^availability-.*\.csv$/.test(name));
      if (outbox.length !== 1) problems.push(`expected one availability file in outbox/, found ${outbox.length}`);
      const exported = outbox[0] === undefined ? '' : readFileSync(join(folder, 'outbox', outbox[0]), 'utf8');
      if (!/^web,ERP-1001,,10,in-stock$/m.test(exported))
        problems.push(`the export does not offer ERP-1001 at 10: ${exported}`);
      for (const printed of [/sku: 'TSHIRT-M'/, /location: 'wh-east'/, /onHand: 12/, /committed: 2/])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: async () => rmSync(folder, { recursive: true, force: true }),
  };
}
