import { createConnectionMapping } from '@stockwire/connector-kit';
import { ConnectorConfigurationError, describeCapabilities, isConnectorV2 } from '@stockwire/connector-spec';
import { listingStatuses } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import fileConnectorDefault, { createFileConnector, FileConnectorSettingsSchema, fileConnector } from './index.ts';
import { catalog, connection } from './test-support/folder-connection.ts';

const mapping = createConnectionMapping(catalog, connection);
const sftp = { kind: 'sftp', host: 'sftp.example.com', username: 'stockwire', path: 'inventory' } as const;

describe('file connector settings', () => {
  it('fill in documented defaults and refuse unknown keys', () => {
    expect(FileConnectorSettingsSchema.parse({ transport: { ...sftp, privateKey: { env: 'WMS_SFTP_KEY' } } })).toEqual({
      transport: { ...sftp, port: 22, privateKey: { env: 'WMS_SFTP_KEY' }, connectTimeoutMs: 10_000 },
      csv: { delimiter: ',', quote: '"' },
      pageSize: 500,
      pollIntervalSeconds: 60,
      maxExportRows: 5_000,
    });
    const unknown = FileConnectorSettingsSchema.safeParse({
      transport: { kind: 'folder', path: '/data' },
      delimiter: ';',
    });
    expect(unknown.error?.issues[0]?.message).toMatch(/Unrecognized key.*delimiter/);
  });

  it('take a one-character delimiter and quote (or no quoting) that cannot be confused', () => {
    const folder = { kind: 'folder', path: '/data' } as const;
    const parse = (csv: unknown) => FileConnectorSettingsSchema.safeParse({ transport: folder, csv });
    expect(parse({ delimiter: ';' }).data?.csv).toEqual({ delimiter: ';', quote: '"' });
    expect(parse({ delimiter: '\t', quote: false }).data?.csv).toEqual({ delimiter: '\t', quote: false });
    expect(parse({ delimiter: ';;' }).success).toBe(false);
    expect(parse({ delimiter: '\n' }).error?.issues[0]?.message).toBe('a line break or space cannot separate fields');
    expect(parse({ delimiter: "'", quote: "'" }).error?.issues[0]?.message).toBe(
      'the quote character must differ from the delimiter',
    );
    expect(parse({ delimiter: ';', escape: '\\' }).error?.issues[0]?.message).toMatch(/Unrecognized key.*escape/);
  });

  it('take exactly one credential, always as an environment variable name', () => {
    const neither = FileConnectorSettingsSchema.safeParse({ transport: sftp });
    expect(neither.error?.issues[0]?.message).toBe('give exactly one of privateKey or password, each as { env: NAME }');
    const both = { ...sftp, privateKey: { env: 'KEY' }, password: { env: 'PASSWORD' } };
    expect(FileConnectorSettingsSchema.safeParse({ transport: both }).success).toBe(false);
    const written = FileConnectorSettingsSchema.safeParse({ transport: { ...sftp, password: 'hunter2' } });
    expect(written.success).toBe(false);
  });

  it('make createFileConnector fail with a message that names the setting', () => {
    const create = () => createFileConnector({ transport: { kind: 'folder', path: '' } }, { mapping });
    expect(create).toThrow(ConnectorConfigurationError);
    expect(create).toThrow(/settings\.transport\.path: Too small/);
  });
});

describe('file connector', () => {
  it('is the default export, declares its capabilities as data and opens nothing until called', () => {
    expect(fileConnectorDefault).toBe(fileConnector);
    const connector = fileConnector.create(
      fileConnector.settingsSchema.parse({
        transport: { ...sftp, privateKey: { env: 'NOT_SET_ANYWHERE' } },
        pageSize: 50,
      }),
      { mapping, environment: {} },
    );
    expect(isConnectorV2(connector)).toBe(true);
    expect(connector).toMatchObject({ connector: 'file', connection });
    expect(describeCapabilities(connector)).toEqual({
      snapshot: { mode: 'paged' },
      push: { maxBatchSize: 5_000, absolute: true, compareAndSet: false, listingStatuses: [...listingStatuses] },
      changes: { suggestedIntervalSeconds: 60 },
      check: { checks: ['transport', 'folders'] },
    });
  });

  it('reads secrets when it connects, and names the setting and the variable when one is missing', async () => {
    const connector = createFileConnector(
      { transport: { ...sftp, privateKey: { env: 'WMS_SFTP_KEY' } } },
      { mapping, environment: {} },
    );
    const failure = connector.snapshot.read({});
    await expect(failure).rejects.toSatisfy(ConnectorConfigurationError.isInstance);
    await expect(connector.changes.pull({})).rejects.toThrow(
      'the file connector cannot work for connection "wms": setting transport.privateKey names the environment ' +
        "variable WMS_SFTP_KEY, which is not set; set it in the runner's environment, then resume the connection",
    );
  });

  it('says which folder is missing instead of treating it as an empty inbox', async () => {
    const connector = createFileConnector({ transport: { kind: 'folder', path: '/nonexistent/wms' } }, { mapping });
    await expect(connector.snapshot.read({})).rejects.toThrow(
      'transport.path /nonexistent/wms does not exist or is not a folder; create it or fix the path',
    );
  });
});
