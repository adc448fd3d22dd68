// The folder the README's first example (first-example.ts) runs against in tests: the package's own test and the
// pack check, which runs the example from the installed tarballs. A local folder is this connector's sandbox; the
// example finds it through EDI_FOLDER, where the 3PL's 846 waits in inbox/ as the partner would have dropped it.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventoryAdvice, partnerInterchange, readOutboxAdvices } from '@stockwire/connector-edi-x12/sandbox';

export async function startFirstExampleSandbox() {
  const folder = mkdtempSync(join(tmpdir(), 'stockwire-edi-example-'));
  mkdirSync(join(folder, 'inbox'));
  const advice = inventoryAdvice([{ sku: 'MUG-001', location: 'EAST', quantities: { '17': 40, '33': 36 } }]);
  writeFileSync(join(folder, 'inbox', 'acme-846-0001.x12'), partnerInterchange('ACME3PL', 1, 'IB', [advice]));
  return {
    environment: { EDI_FOLDER: folder },
    /** What the example should have read, written and printed; each miss is one line. */
    async problems(stdout: string): Promise<string[]> {
      const problems: string[] = [];
      const advices = await readOutboxAdvices(folder);
      if (advices.length !== 1) problems.push(`expected one 846 in outbox/, found ${advices.length}`);
      const [sent] = advices;
      if (sent !== undefined) {
        if (sent.receiverId !== '123456789') problems.push(`the 846 went to ${sent.receiverId}, not macys' 123456789`);
        if (JSON.stringify(sent.lines) !== JSON.stringify([{ sku: 'MUG-001', location: 'EAST', quantity: 12 }]))
          problems.push(`the 846 offers ${JSON.stringify(sent.lines)}, not MUG-001 at EAST: 12`);
      }
      // Every inbound group is answered: the 3PL's 846 with an accepting 997.
      const answers = readdirSync(join(folder, 'outbox')).filter((name) => /^997-acme-3pl-.*\.x12$/.test(name));
      const answer = answers.map((name) => readFileSync(join(folder, 'outbox', name), 'utf8')).join('');
      if (answers.length !== 1 || !/AK2\*846\*0001~\s*AK5\*A~/.test(answer))
        problems.push(`expected one 997 accepting the 3PL's 846 in outbox/, found ${answers.length}: ${answer}`);
      for (const printed of [
        /sku: 'MUG'/,
        /location: 'wh-east'/,
        /onHand: 40/,
        /available: 36/,
        /outcome: 'written'/,
        /remoteQuantity: 12/,
      ])
        if (!printed.test(stdout)) problems.push(`the output lacks ${printed}`);
      return problems;
    },
    close: async () => rmSync(folder, { recursive: true, force: true }),
  };
}
