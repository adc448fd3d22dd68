import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkProbePath } from '@stockwire/connector-file';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFolderConnection, type FolderConnection } from './test-support/folder-connection.ts';

// Over SFTP against a real sshd, with a refused key failing `transport` by AuthenticationError, the conformance
// suite (conformance.test.ts) runs the same check.
let tree: FolderConnection;
const request = { locations: [] };

beforeEach(async () => {
  tree = await createFolderConnection();
});
afterEach(async () => await tree.remove());

describe('EDI X12 connection check over a local folder', () => {
  it('passes when inbox/ lists and outbox/ takes the hidden probe, with no locations check', async () => {
    await tree.drop('from-partner.edi', 'ISA*00*');
    await mkdir(join(tree.root, 'outbox'), { recursive: true });
    const check = tree.connector().check;
    expect(check?.checks).toEqual(['transport', 'folders']);
    const result = await check?.check(request);
    expect(result).toEqual({
      ok: true,
      checks: [
        { name: 'transport', ok: true, message: `opened folder ${tree.root}` },
        { name: 'folders', ok: true, message: 'inbox/ lists (1 file), outbox/ is writable' },
      ],
    });
    expect(await tree.read(checkProbePath)).toMatch(/^stockwire check /);
    expect(await tree.files('outbox')).toEqual(['.stockwire-check']);
  });

  it('fails folders naming inbox/ when partners have nowhere to drop documents', async () => {
    const result = await tree.connector().check?.check(request);
    expect(result?.ok).toBe(false);
    expect(result?.checks[1]).toMatchObject({ name: 'folders', ok: false });
    expect(result?.checks[1]?.message).toContain('inbox/ does not exist');
  });
});
