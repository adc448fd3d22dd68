import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { AuthenticationError, ConnectorConfigurationError, TransientError } from '@stockwire/connector-spec';
import { type SftpServerHandle, startSftpServer } from '@stockwire/testing';
import SftpClient from 'ssh2-sftp-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFileConnector } from './file-connector.ts';
import type { SftpTransportSettings } from './file-settings.ts';
import { startConnectionFaultProxy } from './sandbox/connection-fault-proxy.ts';
import { createFileSandbox, type FileSandbox } from './sandbox/file-sandbox.ts';
import { snapshotFileText } from './sandbox/inventory-files.ts';
import { catalog, connection } from './test-support/folder-connection.ts';

let root: string;
let server: SftpServerHandle;
let sandbox: FileSandbox;
const mapping = createConnectionMapping(catalog, connection);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stockwire-sftp-test-'));
  server = await startSftpServer({ rootFolder: root });
  sandbox = createFileSandbox(root);
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => await sandbox.reset());

function sftpConnector(overrides: Partial<SftpTransportSettings> = {}, key = server.privateKey) {
  const transport = {
    kind: 'sftp' as const,
    host: server.host,
    port: server.port,
    username: server.username,
    privateKey: { env: 'WMS_SFTP_KEY' },
    path: '.',
    ...overrides,
  };
  return createFileConnector({ transport }, { mapping, environment: { WMS_SFTP_KEY: key } });
}

describe('startSftpServer', () => {
  it('serves SFTP on loopback to the current user with the generated key, starting in the root folder', async () => {
    const client = new SftpClient('test', { error: () => {}, end: () => {}, close: () => {} });
    await client.connect({
      host: server.host,
      port: server.port,
      username: server.username,
      privateKey: server.privateKey,
    });
    await client.put(Buffer.from('hello'), 'greeting.txt');
    expect(await client.cwd()).toBe(root);
    await client.end();
    expect(await readFile(join(root, 'greeting.txt'), 'utf8')).toBe('hello');
    expect(server.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('refuses any other key, and passwords altogether', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await expect(sftpConnector({}, otherKey).snapshot.read({})).rejects.toSatisfy(AuthenticationError.isInstance);
    const withPassword = createFileConnector(
      {
        transport: {
          kind: 'sftp',
          host: server.host,
          port: server.port,
          username: server.username,
          password: { env: 'PW' },
        },
      },
      { mapping, environment: { PW: 'not-a-password-it-takes' } },
    );
    const refused = withPassword.snapshot.read({});
    await expect(refused).rejects.toSatisfy(AuthenticationError.isInstance);
    await expect(withPassword.snapshot.read({})).rejects.not.toThrow('not-a-password-it-takes');
  });

  it('stops, after which connections are refused: a retryable error for the connector', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-sftp-stop-'));
    const shortLived = await startSftpServer({ rootFolder: folder });
    const connector = createFileConnector(
      {
        transport: {
          kind: 'sftp',
          host: shortLived.host,
          port: shortLived.port,
          username: shortLived.username,
          privateKey: { env: 'KEY' },
        },
      },
      { mapping, environment: { KEY: shortLived.privateKey } },
    );
    await connector.changes.pull({});
    await shortLived.stop();
    const error = await connector.changes.pull({}).catch((caught: unknown) => caught);
    expect(TransientError.isInstance(error)).toBe(true);
    expect((error as TransientError).retryable).toBe(true);
    await rm(folder, { recursive: true, force: true });
  });

  it('says why it cannot serve a root folder', async () => {
    await expect(startSftpServer({ rootFolder: 'relative/folder' })).rejects.toThrow(/must be an absolute path/);
    await expect(startSftpServer({ rootFolder: join(root, 'missing') })).rejects.toThrow(/is not an existing folder/);
  });
});

describe('the file connector over SFTP', () => {
  it('verifies the host key when a fingerprint is configured', async () => {
    await sandbox.dropInboxFile('snapshot.csv', snapshotFileText([{ sku: 'CAP', location: 'WH1', on_hand: 2 }]));
    const trusted = await sftpConnector({ hostFingerprint: server.hostKeyFingerprint }).snapshot.read({});
    expect(trusted.records.map((record) => record.quantities.onHand)).toEqual([2]);
    const impostor = `SHA256:${'A'.repeat(43)}`;
    const refused = sftpConnector({ hostFingerprint: impostor }).snapshot.read({});
    await expect(refused).rejects.toSatisfy(ConnectorConfigurationError.isInstance);
    await expect(sftpConnector({ hostFingerprint: impostor }).snapshot.read({})).rejects.toThrow(
      `presented host key ${server.hostKeyFingerprint}, not transport.hostFingerprint ${impostor}`,
    );
  });

  it('says so when the configured folder does not exist on the server', async () => {
    await expect(sftpConnector({ path: 'no-such-folder' }).snapshot.read({})).rejects.toThrow(
      /transport\.path no-such-folder is not a folder on sftp:\/\//,
    );
  });

  it('reads a server folder without an inbox yet as an empty snapshot and an idle poll', async () => {
    await rm(join(root, 'inbox'), { recursive: true });
    const connector = sftpConnector();
    expect(await connector.snapshot.read({})).toEqual({ records: [], failures: [] });
    expect(await connector.changes.pull({})).toEqual({
      events: [],
      failures: [],
      cursor: { file: '', line: 0 },
      hasMore: false,
    });
  });

  it('replaces the state file atomically and leaves no temporary file behind', async () => {
    const connector = sftpConnector();
    const item = { key: 'web/CAP', channel: 'web', sku: 'CAP', quantity: 1, status: 'in-stock' as const };
    await connector.push.push({ items: [item], idempotencyKey: 'one' });
    await connector.push.push({ items: [{ ...item, quantity: 2 }], idempotencyKey: 'two' });
    const outbox = await sandbox.listFolder('outbox', { hidden: true });
    expect(outbox).toHaveLength(3);
    expect(outbox.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(await sandbox.readText('outbox/.stockwire-last-export.json')).toBe(
      '{"version":1,"values":[["web","CAP","",2,"in-stock"]]}\n',
    );
  });
});

describe('the sandbox connection fault proxy', () => {
  it('relays to sshd, refuses new connections on demand and cuts open ones', async () => {
    const proxy = await startConnectionFaultProxy({ host: server.host, port: server.port });
    const connector = sftpConnector({ host: proxy.host, port: proxy.port });
    await connector.changes.pull({});

    proxy.refuseConnections();
    const refused = await connector.changes.pull({}).catch((caught: unknown) => caught);
    expect(TransientError.isInstance(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/^connect to sftp:\/\/.* failed temporarily/);

    proxy.restore();
    const client = new SftpClient('test', { error: () => {}, end: () => {}, close: () => {} });
    await client.connect({
      host: proxy.host,
      port: proxy.port,
      username: server.username,
      privateKey: server.privateKey,
    });
    proxy.dropOpenConnections();
    await expect(client.list('.')).rejects.toThrow();
    await client.end().catch(() => undefined);
    expect(proxy.connectionsAccepted).toBe(3);
    await proxy.close();
  });
});
