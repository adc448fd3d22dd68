import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { type SftpServerHandle, startSftpServer } from '@stockwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkProbePath } from './file-check.ts';
import { createFileConnector } from './file-connector.ts';
import { createFileSandbox, type FileSandbox } from './sandbox/file-sandbox.ts';
import { catalog, connection } from './test-support/folder-connection.ts';

let root: string;
let server: SftpServerHandle;
let sandbox: FileSandbox;
const mapping = createConnectionMapping(catalog, connection);
const request = { locations: [{ externalLocation: 'WH1', location: 'wh-east' }] };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'stockwire-file-check-'));
  server = await startSftpServer({ rootFolder: root });
  sandbox = createFileSandbox(root);
}, 30_000);
afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  await sandbox.reset();
  await sandbox.layOut();
});

function folderConnector(path = root) {
  return createFileConnector({ transport: { kind: 'folder', path } }, { mapping });
}

function sftpConnector(key = server.privateKey) {
  const transport = {
    kind: 'sftp' as const,
    host: server.host,
    port: server.port,
    username: server.username,
    privateKey: { env: 'WMS_SFTP_KEY' },
    hostFingerprint: server.hostKeyFingerprint,
    path: '.',
    connectTimeoutMs: 5_000,
  };
  return createFileConnector({ transport }, { mapping, environment: { WMS_SFTP_KEY: key } });
}

describe('file connection check', () => {
  it('declares transport then folders, and no locations check (the files alone name locations)', () => {
    expect(folderConnector().check.checks).toEqual(['transport', 'folders']);
  });

  it('passes over a local folder, listing inbox/ and writing the hidden probe in outbox/', async () => {
    await sandbox.dropInboxFile('snapshot-1.csv', 'sku,location,on_hand\nERP-1001,WH1,4\n');
    const result = await folderConnector().check.check(request);
    expect(result.checks).toEqual([
      { name: 'transport', ok: true, message: `opened folder ${root}` },
      { name: 'folders', ok: true, message: 'inbox/ lists (1 file), outbox/ is writable' },
    ]);
    expect(result.ok).toBe(true);
    expect(await readFile(join(root, checkProbePath), 'utf8')).toMatch(/^stockwire check /);
  });

  it('passes over SFTP against a real sshd', async () => {
    const result = await sftpConnector().check.check(request);
    expect(result.ok).toBe(true);
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['transport', true],
      ['folders', true],
    ]);
    expect(result.checks[0]?.message).toContain(`sftp://${server.username}@${server.host}:${server.port}/.`);
    expect(await readFile(join(root, checkProbePath), 'utf8')).toMatch(/^stockwire check /);
  });

  it('fails transport with AuthenticationError for a key the server refuses, skips folders, and does not throw', async () => {
    const { privateKey: otherKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const result = await sftpConnector(otherKey).check.check(request);
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'transport', ok: false, errorName: 'AuthenticationError' });
    expect(result.checks[1]).toEqual({ name: 'folders', ok: false, message: 'not checked: transport failed' });
  });

  it('fails folders naming inbox/ when the folder the other side writes to is missing', async () => {
    await rm(join(root, 'inbox'), { recursive: true, force: true });
    const result = await folderConnector().check.check(request);
    expect(result.ok).toBe(false);
    expect(result.checks[1]).toMatchObject({ name: 'folders', ok: false });
    expect(result.checks[1]?.message).toContain('inbox/ does not exist');
  });
});
