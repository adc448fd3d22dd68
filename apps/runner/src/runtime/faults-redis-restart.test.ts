import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '@stockwire/engine';
import { findExecutable, findFreeLoopbackPort } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeadLetterStore } from '../dead-letters/dead-letter-store.ts';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { adjustmentBurst } from '../test-support/adjustment-burst.ts';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, publishedOnWeb } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

// Issue 23: Redis crashes (SIGKILL, no shutdown) in the middle of a burst and comes back from its append-only file,
// as a production Redis with `appendonly yes` does. The runner must stay up through the outage, reconnect by itself
// and converge on what the events imply: nothing lost, nothing applied twice.
const folders: string[] = [];
const children: ChildProcess[] = [];
const running: RunnerProcess[] = [];
afterEach(async () => {
  for (const runner of running.splice(0)) await runner.stop('SIGKILL');
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

/** A redis-server with an fsync-always AOF in `folder`: what it acknowledged survives a SIGKILL. */
async function startDurableRedis(port: number, folder: string): Promise<ChildProcess> {
  const executable = findExecutable('redis-server', ['/usr/sbin', '/usr/local/sbin', '/usr/bin']);
  if (executable === undefined) throw new Error('redis-server was not found on PATH');
  const child = spawn(
    executable,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', folder, '--save', '', '--appendonly', 'yes'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  child.stderr?.resume();
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
  });
  // Every write on disk before it is acknowledged, so the crash below loses nothing the runner was told was kept.
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true });
  await client.connect();
  await client.config('SET', 'appendfsync', 'always');
  client.disconnect();
  return child;
}

async function crash(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

describe('Redis crashed and restarted from its AOF during a burst (#23)', () => {
  it('keeps the runner up, and it converges with nothing lost and nothing applied twice', async () => {
    const port = await findFreeLoopbackPort();
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-redis-aof-'));
    folders.push(folder);
    const redisUrl = `redis://127.0.0.1:${port}`;
    const firstRedis = await startDurableRedis(port, folder);

    const world = await createSyncWorld({ pageSize: 7 });
    const burst = adjustmentBurst(24, 6, 11);
    const runner = await startRunnerProcess({
      configurationFile: world.configurationFile,
      redisUrl,
      environment: {
        STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
        STOCKWIRE_PUSH_DEBOUNCE_MS: '50',
        STOCKWIRE_PUSH_RETRY_DELAY_MS: '200',
        STOCKWIRE_JOB_BACKOFF_MS: '100',
        STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
      },
    });
    running.push(runner);
    for (const file of burst.files.slice(0, 12)) await world.wms.dropInboxFile(file.name, file.text);
    await waitUntil('the first availability export', async () =>
      (await world.shop.readExports()).length > 0 ? true : undefined,
    );

    await crash(firstRedis);
    // The WMS keeps writing while Redis is down; the runner must neither exit nor lose these files.
    for (const file of burst.files.slice(12)) await world.wms.dropInboxFile(file.name, file.text);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(runner.child.exitCode).toBeNull();
    const ready = await fetch(`${runner.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
    expect(ready.status).toBe(503);

    await startDurableRedis(port, folder);
    await waitUntil(
      'web to show every adjustment of the burst',
      async () => {
        const shown = await publishedOnWeb(world);
        return Object.entries(burst.onWeb).every(([sku, quantity]) => shown[sku] === quantity) ? shown : undefined;
      },
      {
        timeoutMs: 60_000,
        describeLast: async () =>
          JSON.stringify({
            shown: await publishedOnWeb(world),
            expected: burst.onWeb,
            output: runner.output().slice(-2_000),
          }),
      },
    );
    await waitUntil('the runner to be ready again', async () =>
      (await fetch(`${runner.url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200 ? true : undefined,
    );

    const client = new Redis(redisUrl);
    try {
      const engine = createEngine({ redis: client, configuration: world.configuration });
      for (const [sku, byLocation] of burst.totals) {
        for (const [location, total] of byLocation) {
          expect(await engine.quantities(sku, location), `${sku} at ${location}`).toMatchObject({ onHand: total });
        }
      }
      expect(await createDeadLetterStore(client, createRunnerKeys('stockwire').deadLetters).list()).toEqual([]);
    } finally {
      client.disconnect();
    }
    expect(runner.child.exitCode).toBeNull();
  }, 120_000);
});
