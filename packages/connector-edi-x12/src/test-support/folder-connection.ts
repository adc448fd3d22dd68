import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping, createMemoryConnectorState } from '@stockwire/connector-kit';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import { buildCatalog, type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createEdiX12Connector } from '../edi-connector.ts';
import type { EdiX12ConnectorSettingsInput, OwnIdentity } from '../edi-settings.ts';
import { stockwireIdentity } from '../sandbox/partner-documents.ts';

export const testConnection = 'wholesale-edi';

/** A connection to two partners (a department store that gets our 846, a 3PL that sends 846/944/947) on a folder. */
export const testConfiguration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-east', kind: 'warehouse' },
    { id: 'wh-west', kind: 'warehouse' },
  ],
  skus: [
    { id: 'SKU-MUG', aliases: [{ connection: testConnection, value: 'MUG-001' }] },
    { id: 'SKU-CUP', aliases: [{ connection: testConnection, value: 'CUP-002' }] },
    { id: 'SKU-TEA', units: [{ connection: testConnection, unit: 'case', unitsPer: 6 }] },
  ],
  connections: {
    [testConnection]: { connector: 'edi-x12', locations: { EAST: 'wh-east', WEST: 'wh-west' }, settings: {} },
  },
  authority: [{ connections: [testConnection], states: '*' }],
  channels: [{ id: 'department-store', connection: testConnection, locations: ['wh-east', 'wh-west'] }],
});

export const testPartners: EdiX12ConnectorSettingsInput['partners'] = [
  { name: 'department-store', qualifier: '01', id: '123456789', channel: 'department-store', usage: 'T' },
  { name: 'acme-3pl', qualifier: 'ZZ', id: 'ACME3PL', inbound: { defaultLocation: 'EAST' } },
];

export interface FolderConnection {
  readonly root: string;
  readonly state: ConnectorStateStoreV2;
  connector(options?: {
    now?: () => Date;
    partners?: EdiX12ConnectorSettingsInput['partners'];
  }): ReturnType<typeof createEdiX12Connector>;
  files(folder: string): Promise<string[]>;
  /** Drops a document into inbox/ as a partner's upload would. */
  drop(name: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  remove(): Promise<void>;
}

/** A fresh folder tree and state store; every `connector()` is a new instance (a restart) over the same two. */
export async function createFolderConnection(
  setup: {
    readonly configuration?: StockwireConfiguration;
    readonly identity?: OwnIdentity;
    readonly partners?: EdiX12ConnectorSettingsInput['partners'];
  } = {},
): Promise<FolderConnection> {
  const root = await mkdtemp(join(tmpdir(), 'stockwire-edi-'));
  const state = createMemoryConnectorState();
  const catalog = buildCatalog(setup.configuration ?? testConfiguration);
  const identity = setup.identity ?? stockwireIdentity;
  return {
    root,
    state,
    connector: (options = {}) =>
      createEdiX12Connector(
        {
          transport: { kind: 'folder', path: root },
          identity,
          partners: options.partners ?? setup.partners ?? testPartners,
        },
        { mapping: createConnectionMapping(catalog, testConnection), state },
        { now: options.now ?? (() => new Date()) },
      ),
    files: async (folder) => (await readdir(join(root, folder)).catch(() => [] as string[])).sort(),
    read: (path) => readFile(join(root, path), 'utf8'),
    drop: async (name, text) => {
      await mkdir(join(root, 'inbox'), { recursive: true });
      await writeFile(join(root, 'inbox', name), text);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
