import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../config/configuration-error.ts';
import { loadConfiguration } from '../config/load-configuration.ts';

/** An installation with one EDI connection and two partner profiles, as an operator writes it. */
const configuration = (partnerLines: string) => `version: 1
locations:
  - { id: dc-3pl, kind: warehouse }
skus:
  - { id: MUG }
connections:
  edi:
    connector: edi-x12
    locations: { DC3PL: dc-3pl }
    settings:
      transport: { kind: folder, path: /var/lib/stockwire/edi }
      identity: { qualifier: ZZ, id: STOCKWIRE }
      partners:
        - { name: macys, qualifier: '01', id: '123456789', channel: macys }
${partnerLines}
authority:
  - { connections: [edi], states: '*' }
channels:
  - { id: macys, connection: edi, locations: [dc-3pl] }
`;

async function load(text: string) {
  const file = join(await mkdtemp(join(tmpdir(), 'stockwire-edi-check-')), 'stockwire.yaml');
  await writeFile(file, text);
  return { file, loaded: await loadConfiguration(file).catch((caught: unknown) => caught) };
}

describe('stockwire check validates EDI partner profiles (#20)', () => {
  it('accepts valid profiles with the edi-x12 connector installed', async () => {
    const { loaded } = await load(
      configuration('        - { name: acme-3pl, qualifier: ZZ, id: ACME3PL, inbound: { defaultLocation: DC3PL } }'),
    );
    expect(ConfigurationError.isInstance(loaded)).toBe(false);
    expect((loaded as { uncheckedConnections: unknown[] }).uncheckedConnections).toEqual([]);
  });

  it('names the line of a profile with a bad qualifier and of one reusing an interchange id', async () => {
    const text = configuration(
      "        - { name: acme-3pl, qualifier: Z, id: ACME3PL }\n        - { name: copy, qualifier: ZZ, id: '123456789' }",
    );
    const { file, loaded } = await load(text);
    expect(ConfigurationError.isInstance(loaded)).toBe(true);
    const message = String((loaded as Error).message);
    const line = text.split('\n').findIndex((entry) => entry.includes('qualifier: Z,')) + 1;
    expect(message).toContain(
      `${file}:${line}:40  connections.edi.settings.partners[1].qualifier  2 letters or digits`,
    );
    expect(message).toContain('connections.edi.settings.partners  two partner profiles have the same id');
  });
});
