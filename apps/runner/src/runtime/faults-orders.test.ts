import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-order-tests-0b7e';
let runner: RunnerProcess;

beforeAll(async () => {
  const world = await createSyncWorld({ hooks: {} });
  runner = await startRunnerProcess({
    configurationFile: world.configurationFile,
    redisUrl: redis.url,
    environment: { [fixtureSecretVariable]: fixtureSecret, STOCKWIRE_ADMIN_TOKEN: adminToken },
  });
}, 60_000);
afterAll(async () => {
  await runner?.stop('SIGTERM');
});

interface Letter {
  readonly kind: string;
  readonly reason: string;
  readonly error?: { readonly name: string; readonly retryable: boolean };
}

describe('an absurd order quantity (#23.7)', () => {
  it('is refused as a typed rejection with a dead letter and a metric, not accepted as a hold of 1e15', async () => {
    const body = JSON.stringify({
      orders: [
        {
          id: 'absurd-1',
          status: 'placed',
          occurredAt: new Date().toISOString(),
          lines: [{ id: '1', sku: 'SKU-B', quantity: 1e15 }],
        },
      ],
    });
    const headers = fixtureWebhookHeaders(body, fixtureSecret, 'absurd-delivery');
    expect((await fetch(`${runner.url}/webhooks/hooks`, { method: 'POST', body, headers })).status).toBe(200);

    const letters = await waitUntil('the order to be dead-lettered', async () => {
      const answer = await fetch(`${runner.url}/admin/dead-letters`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const { deadLetters } = (await answer.json()) as { deadLetters: Letter[] };
      return deadLetters.length > 0 ? deadLetters : undefined;
    });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ kind: 'event-rejected', error: { name: 'OrderRejection', retryable: false } });
    expect(letters[0]?.reason).toContain('at most 1000000 units');
    const metrics = await (await fetch(`${runner.url}/metrics`)).text();
    expect(metrics).toMatch(/stockwire_events_rejected_total\{connection="hooks",reason="[^"]+"\} 1/);
  }, 30_000);
});
