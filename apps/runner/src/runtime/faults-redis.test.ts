import { type RedisServerHandle, startRedisServer, useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-fault-tests-7c2a';
const running: RunnerProcess[] = [];
const servers: RedisServerHandle[] = [];
afterEach(async () => {
  for (const runner of running.splice(0)) await runner.stop('SIGKILL');
  for (const server of servers.splice(0)) await server.stop();
});

async function startRunner(redisUrl: string): Promise<RunnerProcess> {
  const world = await createSyncWorld({ hooks: {} });
  const runner = await startRunnerProcess({
    configurationFile: world.configurationFile,
    redisUrl,
    environment: { [fixtureSecretVariable]: fixtureSecret, STOCKWIRE_ADMIN_TOKEN: adminToken },
  });
  running.push(runner);
  return runner;
}

let deliveries = 0;
/** A correctly signed fixture delivery: it needs Redis only to be enqueued. */
function postWebhook(runner: RunnerProcess): Promise<Response> {
  const body = JSON.stringify({
    adjustments: [
      { id: `a-${++deliveries}`, sku: 'SKU-A', location: 'L1', change: 1, reason: 'found', occurredAt: new Date() },
    ],
  });
  const headers = fixtureWebhookHeaders(body, fixtureSecret, `delivery-${deliveries}`);
  return fetch(`${runner.url}/webhooks/hooks`, { method: 'POST', body, headers, signal: AbortSignal.timeout(20_000) });
}

const admin = (runner: RunnerProcess, path: string) =>
  fetch(`${runner.url}${path}`, {
    headers: { authorization: `Bearer ${adminToken}` },
    signal: AbortSignal.timeout(20_000),
  });

/** How long an answer took, with the answer. */
async function timed(call: () => Promise<Response>): Promise<{ response: Response; elapsedMs: number }> {
  const started = performance.now();
  const response = await call();
  return { response, elapsedMs: performance.now() - started };
}

describe('while Redis is down (#23.5)', () => {
  it('answers webhooks and admin calls 503 with Retry-After at once, and stays alive', async () => {
    const server = await startRedisServer();
    servers.push(server);
    const runner = await startRunner(server.url);
    expect((await postWebhook(runner)).status).toBe(200);
    await server.stop();

    const webhook = await timed(() => postWebhook(runner));
    expect(webhook.response.status).toBe(503);
    expect(webhook.response.headers.get('retry-after')).toBe('5');
    // At once: the probe saw these wait for the whole outage (36.9 s); a second is the bound here.
    expect(webhook.elapsedMs).toBeLessThan(1_000);
    const deadLetters = await timed(() => admin(runner, '/admin/dead-letters'));
    expect(deadLetters.response.status).toBe(503);
    expect(deadLetters.elapsedMs).toBeLessThan(1_000);
    expect(JSON.stringify(await deadLetters.response.json())).not.toMatch(/ECONNREFUSED|ioredis/);

    expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${runner.url}/readyz`)).status).toBe(503);
  }, 60_000);
});

describe('with a full Redis under noeviction (#23.3)', () => {
  it('goes unready and answers webhooks 503 with Retry-After, then recovers once memory is freed', async () => {
    const runner = await startRunner(redis.url);
    const client = new Redis(redis.url);
    try {
      // Room for a little more than what is there, then fill it until Redis refuses writes.
      const used = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1]);
      await client.config('SET', 'maxmemory', String(used + 2 * 1024 * 1024));
      // Small values, so Redis fills up to its limit (a large one is refused while it still has room).
      const filler = 'x'.repeat(1_024);
      let refused: unknown;
      for (let batch = 0; batch < 100 && refused === undefined; batch++) {
        const pipeline = client.pipeline();
        for (let index = 0; index < 100; index++) pipeline.set(`fill:${batch}:${index}`, filler);
        refused = (await pipeline.exec())?.find(([error]) => error !== null)?.[0] ?? undefined;
      }
      expect(String(refused)).toMatch(/OOM/);

      await waitUntil(
        'the runner to see the full Redis',
        async () => ((await fetch(`${runner.url}/readyz`)).status === 503 ? true : undefined),
        { timeoutMs: 15_000, describeLast: async () => await (await fetch(`${runner.url}/readyz`)).text() },
      );
      const webhook = await postWebhook(runner);
      expect(webhook.status).toBe(503);
      expect(webhook.headers.get('retry-after')).toBe('5');
      expect(await webhook.json()).toEqual({ error: 'Redis is full; try again in 5 s' });
      const readiness = await fetch(`${runner.url}/readyz`);
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ ready: false, redisMemory: 'full' });
      expect(runner.output()).toContain('Redis is full and refuses writes');

      await client.config('SET', 'maxmemory', '0');
      const fill = await client.keys('fill:*');
      for (let start = 0; start < fill.length; start += 500) await client.del(...fill.slice(start, start + 500));
      await waitUntil('the runner to be ready again', async () =>
        (await fetch(`${runner.url}/readyz`)).status === 200 ? true : undefined,
      );
      expect((await postWebhook(runner)).status).toBe(200);
    } finally {
      await client.config('SET', 'maxmemory', '0');
      client.disconnect();
    }
  }, 60_000);
});

describe('a maxmemory-policy changed while the runner runs (#23.3)', () => {
  it('makes the runner unready, loudly, until it is noeviction again', async () => {
    const runner = await startRunner(redis.url);
    const client = new Redis(redis.url);
    try {
      await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
      await waitUntil('the runner to go unready', async () => {
        const readiness = await fetch(`${runner.url}/readyz`);
        return readiness.status === 503 ? ((await readiness.json()) as { redisMemory: string }) : undefined;
      }).then((readiness) => expect(readiness.redisMemory).toBe('evicting'));
      expect(runner.output()).toContain('Redis may now evict keys');
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      await waitUntil('the runner to be ready again', async () =>
        (await fetch(`${runner.url}/readyz`)).status === 200 ? true : undefined,
      );
    } finally {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      client.disconnect();
    }
  }, 60_000);
});
