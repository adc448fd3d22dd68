import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { createFileConnector } from '../file-connector.ts';
import type { FileConnectorSettingsInput } from '../file-settings.ts';
import { createFileSandbox, type FileSandbox } from '../sandbox/file-sandbox.ts';

export const connection = 'wms';

/**
 * A warehouse system that knows the T-shirt under its own number, counts mugs in cases of 6, and maps two of
 * three locations.
 */
export const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-east', kind: 'warehouse' },
    { id: 'wh-west', kind: 'warehouse' },
    { id: 'store-1', kind: 'store' },
  ],
  skus: [
    { id: 'TSHIRT-M', aliases: [{ connection, value: 'ERP-1001' }] },
    { id: 'MUG', units: [{ connection, unit: 'case', unitsPer: 6 }] },
    { id: 'CAP' },
  ],
  connections: { [connection]: { connector: 'file', locations: { WH1: 'wh-east', WH2: 'wh-west' } } },
  authority: [{ connections: [connection], states: '*' }],
});
export const catalog = buildCatalog(configuration);

export interface FolderConnection {
  readonly root: string;
  readonly sandbox: FileSandbox;
  connector(settings?: Partial<Omit<FileConnectorSettingsInput, 'transport'>>): ReturnType<typeof createFileConnector>;
  dispose(): Promise<void>;
}

/** A fresh folder tree laid out as the connector expects, and connectors over it. */
export async function createFolderConnection(): Promise<FolderConnection> {
  const root = await mkdtemp(join(tmpdir(), 'stockwire-file-test-'));
  const sandbox = createFileSandbox(root);
  await sandbox.layOut();
  return {
    root,
    sandbox,
    connector: (settings = {}) =>
      createFileConnector(
        { transport: { kind: 'folder', path: root }, ...settings },
        { mapping: createConnectionMapping(catalog, connection) },
      ),
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}
