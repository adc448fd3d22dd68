import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-hostile-tests-93d0';
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

const lines = (text: string) =>
  runner
    .output()
    .split('\n')
    .filter((line) => line.includes(text));

describe('hostile traffic stays cheap to log and slow to guess (#23.7)', () => {
  it('logs a storm of forged webhooks as one line with a count, while the metric counts every one', async () => {
    const body = JSON.stringify({ adjustments: [] });
    const forged = fixtureWebhookHeaders(body, 'not-the-secret', 'forged');
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${runner.url}/webhooks/hooks`, { method: 'POST', body, headers: forged }).then(
          (answer) => answer.status,
        ),
      ),
    );
    expect(new Set(answers)).toEqual(new Set([401]));
    // The probe saw one warn line per forged delivery (2,100 from one storm); now one per connection and minute.
    expect(lines('webhook refused: bad signature')).toHaveLength(1);
    const metrics = await (await fetch(`${runner.url}/metrics`)).text();
    expect(metrics).toMatch(/stockwire_webhooks_total\{connection="hooks",outcome="bad-signature"\} 200/);
  });

  it('refuses dashboard sign-in from an address after 10 wrong tokens, even with the right one', async () => {
    const signIn = (token: string) =>
      fetch(`${runner.url}/dashboard/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
    for (let attempt = 0; attempt < 10; attempt++) expect((await signIn(`guess-${attempt}`)).status).toBe(401);
    const refused = await signIn('guess-10');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn(adminToken)).status).toBe(429);
    // Scripts with the bearer token are not locked out by someone guessing at the sign-in page.
    const status = await fetch(`${runner.url}/admin/status`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(status.status).toBe(200);
  });
});
