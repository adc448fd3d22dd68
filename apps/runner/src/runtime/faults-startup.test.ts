import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreeLoopbackPort, type RedisServerHandle, startRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** `stockwire run` as an operator starts it, waited for until it exits on its own (or killed after `boundMs`). */
async function runUntilExit(
  configurationFile: string,
  redisUrl: string,
  environment: Record<string, string>,
  boundMs = 20_000,
): Promise<{ code: number | null; output: string; elapsedMs: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--conditions=@stockwire/source',
      cliPath,
      'run',
      '--config',
      configurationFile,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ],
    { env: { ...process.env, REDIS_URL: redisUrl, ...environment }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const killer = setTimeout(() => child.kill('SIGKILL'), boundMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(killer);
  return { code, output, elapsedMs: performance.now() - started };
}

describe('start-up refuses what would lose stock or fail later (#23.3, #23.4, #23.5)', () => {
  let evicting: RedisServerHandle;
  let healthy: RedisServerHandle;
  beforeAll(async () => {
    [evicting, healthy] = await Promise.all([
      startRedisServer({ extraArguments: ['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru'] }),
      startRedisServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([evicting?.stop(), healthy?.stop()]);
  });

  it('exits 3 naming the policy when Redis may evict keys (maxmemory-policy allkeys-lru)', async () => {
    const world = await createSyncWorld({ hooks: {} });
    const run = await runUntilExit(world.configurationFile, evicting.url, { [fixtureSecretVariable]: fixtureSecret });
    expect(run.code, run.output).toBe(3);
    expect(run.output).toContain('maxmemory-policy allkeys-lru');
    expect(run.output).toContain('noeviction');
    expect(run.output).not.toContain('workers started');
  }, 30_000);

  it('exits 3 naming the connection, the setting and the variable when a secret is not set', async () => {
    const world = await createSyncWorld({ hooks: {} });
    const run = await runUntilExit(world.configurationFile, healthy.url, { [fixtureSecretVariable]: '' });
    expect(run.code, run.output).toBe(3);
    expect(run.output).toContain('connections.hooks.settings.signingSecret');
    expect(run.output).toContain(fixtureSecretVariable);
    expect(run.output).not.toContain('listening on');
  }, 30_000);

  it('exits 3 within its connect timeout when Redis cannot be reached, as the README promises', async () => {
    const world = await createSyncWorld();
    const nobody = `redis://127.0.0.1:${await findFreeLoopbackPort()}`;
    const run = await runUntilExit(world.configurationFile, nobody, { STOCKWIRE_REDIS_CONNECT_TIMEOUT_MS: '1500' });
    expect(run.code, run.output).toBe(3);
    expect(run.output).toContain('cannot reach Redis at redis://127.0.0.1:');
    // Bounded: the connect timeout plus the start of a Node process, far from "waits forever" (killed at 20 s).
    expect(run.elapsedMs).toBeLessThan(15_000);
  }, 30_000);

  describe('with each kind of broken configuration, exits before it listens, naming file, line and field', () => {
    const base = [
      'version: 1',
      'locations:',
      '  - id: wh-1',
      '    kind: warehouse',
      'skus:',
      '  - id: A',
      'connections:',
      '  wms:',
    ];
    const authority = ['authority:', '  - connections: [wms]', '    states: "*"'];
    const cases: ReadonlyArray<{ name: string; lines: string[]; code: number; says: RegExp }> = [
      {
        name: 'a YAML syntax error',
        lines: ['version: 1', 'locations:', '  - id: wh-1', '   kind: warehouse'],
        code: 1,
        says: /broken\.yaml:4:1 +YAML syntax/,
      },
      {
        name: 'a misspelt connector setting (settings are strict)',
        lines: [
          ...base,
          '    connector: file',
          '    settings:',
          '      transport: { kind: folder, path: /tmp }',
          '      pageSise: 10',
          ...authority,
        ],
        code: 1,
        says: /broken\.yaml:12:7 +connections\.wms\.settings\.pageSise +unknown field "pageSise"/,
      },
      {
        name: 'a secret written into the file',
        lines: [
          ...base,
          '    connector: shopify',
          '    settings:',
          '      shop: demo.myshopify.com',
          '      accessToken: shpat_0123456789abcdef',
          ...authority,
        ],
        code: 1,
        says: /broken\.yaml:\d+:\d+ +connections\.wms\.settings\.accessToken +looks like a secret/,
      },
      {
        name: 'a reference to nothing (a channel selling from an unknown location)',
        lines: [
          ...base,
          '    connector: file',
          '    settings:',
          '      transport: { kind: folder, path: /tmp }',
          ...authority,
          'channels:',
          '  - id: web',
          '    connection: wms',
          '    locations: [wh-9]',
        ],
        code: 1,
        says: /broken\.yaml:\d+:\d+ +channels\[0\]\.locations\[0\]/,
      },
      {
        name: 'a connector package that is not installed',
        lines: [...base, '    connector: "@stockwire/connector-nowhere"', ...authority],
        code: 3,
        says: /connection "wms" cannot start: the package @stockwire\/connector-nowhere is not installed/,
      },
    ];
    for (const broken of cases) {
      it(`${broken.name}: exit ${broken.code}`, async () => {
        const folder = await mkdtemp(join(tmpdir(), 'stockwire-broken-'));
        const file = join(folder, 'broken.yaml');
        await writeFile(file, `${broken.lines.join('\n')}\n`);
        const run = await runUntilExit(file, healthy.url, {});
        expect(run.code, run.output).toBe(broken.code);
        expect(run.output).toMatch(broken.says);
        expect(run.output).not.toContain('listening on');
      }, 30_000);
    }
  });
});
