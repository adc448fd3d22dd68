import { readFileSync } from 'node:fs';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';

// Issue 23: 2,000 concurrent bad requests beside good traffic. Health must stay up, every good delivery must be
// taken and applied, and the runner's memory must stay bounded (a generous bound: this is about a leak or a queue
// that grows with hostile input, not about tuning; speed is measured in `pnpm bench`).
const redis = useRedisServer();
const adminToken = 'admin-token-for-bad-traffic-51e7';
let runner: RunnerProcess;

beforeAll(async () => {
  const world = await createSyncWorld({ hooks: {} });
  runner = await startRunnerProcess({
    configurationFile: world.configurationFile,
    redisUrl: redis.url,
    environment: {
      [fixtureSecretVariable]: fixtureSecret,
      STOCKWIRE_ADMIN_TOKEN: adminToken,
      STOCKWIRE_PUSH_DEBOUNCE_MS: '50',
    },
  });
}, 60_000);
afterAll(async () => {
  await runner?.stop('SIGTERM');
});

/** Resident memory of the runner's process, from the kernel (Linux). */
function residentMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? Number.NaN) / 1024;
}

const badKinds = ['forged', 'not-json', 'unknown-connection', 'oversized'] as const;
type BadKind = (typeof badKinds)[number];

function badRequest(kind: BadKind, index: number): Promise<number> {
  const url = `${runner.url}/webhooks/hooks`;
  const send = (target: string, body: string, headers: Record<string, string>) =>
    fetch(target, { method: 'POST', body, headers, signal: AbortSignal.timeout(60_000) }).then(
      async (answer) => {
        await answer.arrayBuffer();
        return answer.status;
      },
      () => -1,
    );
  switch (kind) {
    case 'forged': {
      const body = JSON.stringify({ adjustments: [] });
      return send(url, body, fixtureWebhookHeaders(body, 'not-the-secret', `forged-${index}`));
    }
    case 'not-json': {
      const body = `{"adjustments": [${'['.repeat(50)}`;
      return send(url, body, fixtureWebhookHeaders(body, fixtureSecret, `not-json-${index}`));
    }
    case 'unknown-connection': {
      const body = JSON.stringify({ adjustments: [] });
      return send(`${runner.url}/webhooks/nobody`, body, fixtureWebhookHeaders(body, fixtureSecret, `nobody-${index}`));
    }
    case 'oversized': {
      // Larger than any webhook body limit a vendor needs: refused before it is read whole.
      const body = JSON.stringify({ adjustments: [], padding: 'x'.repeat(12 * 1024 * 1024) });
      return send(url, body, { 'content-type': 'application/json' });
    }
  }
}

let goodDeliveries = 0;
function goodDelivery(): Promise<number> {
  goodDeliveries++;
  const body = JSON.stringify({
    adjustments: [
      {
        id: `good-${goodDeliveries}`,
        sku: 'SKU-A',
        location: 'L1',
        change: 1,
        reason: 'found',
        occurredAt: new Date().toISOString(),
      },
    ],
  });
  const headers = fixtureWebhookHeaders(body, fixtureSecret, `good-${goodDeliveries}`);
  return fetch(`${runner.url}/webhooks/hooks`, { method: 'POST', body, headers, signal: AbortSignal.timeout(60_000) })
    .then(async (answer) => {
      await answer.arrayBuffer();
      return answer.status;
    })
    .catch(() => -1);
}

async function metric(pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${runner.url}/metrics`)).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}

describe('2,000 concurrent bad requests beside good traffic (#23)', () => {
  it('keeps health up, takes and applies every good delivery, and stays bounded in memory', async () => {
    // Warm up, so the baseline is a runner that has done its first jobs, not one that has not loaded its code yet.
    expect(await goodDelivery()).toBe(200);
    const before = residentMiB(runner.child.pid as number);

    // 2,000 bad requests, ten oversized ones among them (12 MiB each), and 50 good deliveries, all at once.
    const bad = Array.from({ length: 2_000 }, (_, index) =>
      badRequest(index < 10 ? 'oversized' : (badKinds[index % 3] as BadKind), index).then((status) => ({
        kind: index < 10 ? 'oversized' : badKinds[index % 3],
        status,
      })),
    );
    const good = Array.from({ length: 50 }, () => goodDelivery());
    const health = (async () => {
      const answers: number[] = [];
      for (let probe = 0; probe < 5; probe++) {
        const answer = await fetch(`${runner.url}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
        answers.push(answer?.status ?? -1);
      }
      return answers;
    })();
    const [badAnswers, goodAnswers, healthAnswers] = await Promise.all([Promise.all(bad), Promise.all(good), health]);

    expect(healthAnswers).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(goodAnswers)).toEqual(new Set([200]));
    const byKind = new Map<string, Set<number>>();
    for (const answer of badAnswers) {
      const seen = byKind.get(answer.kind ?? '?') ?? new Set<number>();
      seen.add(answer.status);
      byKind.set(answer.kind ?? '?', seen);
    }
    const statuses = (kind: string) => [...(byKind.get(kind) ?? [])].sort();
    expect(statuses('forged')).toEqual([401]);
    expect(statuses('unknown-connection')).toEqual([404]);
    // A body the runner will not read whole is refused while it is still arriving: a 413, or, when the client is
    // still sending as the server answers, a reset connection.
    expect(statuses('oversized').every((status) => status === 413 || status === -1)).toBe(true);
    // A correctly signed body that is not JSON is answered once verified and enqueued (never wait on parsing), and
    // quarantined by its job as a dead letter someone can see.
    expect(statuses('not-json')).toEqual([200]);
    const notJson = badAnswers.filter((answer) => answer.kind === 'not-json').length;
    await waitUntil(
      `the ${notJson} signed non-JSON deliveries to be dead-lettered`,
      async () => {
        const page = (await (
          await fetch(`${runner.url}/admin/dead-letters?limit=1`, {
            headers: { authorization: `Bearer ${adminToken}` },
          })
        ).json()) as { total?: number };
        return page.total === notJson ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );

    // Every good delivery applied, once: 51 found units of SKU-A at wh-1.
    await waitUntil(
      'the 51 good deliveries to be ingested',
      async () =>
        (await metric(/stockwire_webhooks_total\{connection="hooks",outcome="ingested"\} (\d+)/)) === 51
          ? true
          : undefined,
      { timeoutMs: 30_000 },
    );
    const sku = (await (
      await fetch(`${runner.url}/admin/skus/SKU-A`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).json()) as { positions: Array<{ location: string; quantities: { onHand: number } }> };
    expect(sku.positions.find((position) => position.location === 'wh-1')?.quantities.onHand).toBe(51);

    const after = residentMiB(runner.child.pid as number);
    expect(
      after - before,
      `resident memory ${before.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after`,
    ).toBeLessThan(256);
    expect(runner.child.exitCode).toBeNull();
  }, 120_000);
});
