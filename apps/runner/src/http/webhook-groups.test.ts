import { randomUUID } from 'node:crypto';
import { hoursAgo, useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookDeliveryData } from '../jobs/job-requests.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import { createHttpServer } from './create-http-server.ts';

const redis = useRedisServer();
let runner: Runner;
let app: FastifyInstance;
let base: string;
let client: Redis;

beforeAll(async () => {
  const world = await createSyncWorld({ hooks: {} });
  runner = await startInProcessRunner(world, redis.url, {
    options: { keyPrefix: `webhook-groups-${randomUUID()}` },
    environment: { [fixtureSecretVariable]: fixtureSecret },
  });
  app = await createHttpServer({ runner, adminToken: 'admin-token-for-webhook-groups-8c2a' });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  client = new Redis(redis.url);
});
afterAll(async () => {
  await app?.close();
  await runner?.close();
  client?.disconnect();
});

/** One signed delivery of the fixture vendor: a +1 adjustment of `sku` at L1 (the runner's wh-1). */
function delivery(deliveryId: string, sku: string, body?: string) {
  const text =
    body ??
    JSON.stringify({
      adjustments: [
        { id: `adjustment-${deliveryId}`, sku, location: 'L1', change: 1, reason: 'found', occurredAt: hoursAgo(1) },
      ],
    });
  return { body: text, headers: fixtureWebhookHeaders(text, fixtureSecret, deliveryId) };
}
type Delivery = ReturnType<typeof delivery>;

/**
 * Hands deliveries to the runner's webhook acceptance (what the route calls once it has the raw body) in one go,
 * as requests read in the same turn of the event loop are: whether HTTP requests overlap depends on the client and
 * the machine's load, which a test must not.
 */
const acceptAll = (deliveries: readonly Delivery[]) =>
  Promise.allSettled(
    deliveries.map(({ body, headers }) =>
      runner.acceptWebhook('hooks', { headers, rawBody: Buffer.from(body), receivedAt: new Date().toISOString() }),
    ),
  );

const post = ({ body, headers }: Delivery) => fetch(`${base}/webhooks/hooks`, { method: 'POST', body, headers });
/** All at once, as a vendor's burst arrives: each request answered on its own. */
const postAll = (deliveries: readonly Delivery[]) =>
  Promise.all(
    deliveries.map(async (each) => await post(each).then(async (r) => ({ status: r.status, body: await r.text() }))),
  );

/** The ingest queue's job counter: BullMQ numbers every job it adds from it. */
function ingestJobCounter(): string {
  const counter = runner.queues.get('ingest')?.keys.id;
  if (counter === undefined) throw new Error('the runner has no ingest queue');
  return counter;
}

/** Ingest jobs added so far. */
const ingestJobsAdded = async () => Number((await client.get(ingestJobCounter())) ?? 0);

async function webhookCount(outcome: string): Promise<number> {
  const pattern = new RegExp(`stockwire_webhooks_total\\{connection="hooks",outcome="${outcome}"\\} (\\d+)`);
  return Number(pattern.exec(await runner.metrics.registry.metrics())?.[1] ?? 0);
}

async function eventsReceived(): Promise<number> {
  const pattern = /stockwire_events_received_total\{connection="hooks",origin="webhook"\} (\d+)/;
  return Number(pattern.exec(await runner.metrics.registry.metrics())?.[1] ?? 0);
}

/** Observations of each stage of `stockwire_push_stage_seconds` for the connection so far. */
async function stageCounts(): Promise<Record<string, number>> {
  const values = (await runner.metrics.pushStageSeconds.get()).values.filter(
    ({ metricName, labels }) => metricName === 'stockwire_push_stage_seconds_count' && labels.connection === 'hooks',
  );
  return Object.fromEntries(values.map(({ labels, value }) => [String(labels.stage), value]));
}

const onHand = async (sku: string) => (await runner.engine.quantities(sku, 'wh-1')).onHand ?? 0;

const waitForOnHand = (sku: string, quantity: number) =>
  waitUntil(`${sku} on hand ${quantity}`, async () => ((await onHand(sku)) === quantity ? true : undefined), {
    describeLast: async () =>
      `on hand ${await onHand(sku)}, dead letters ${JSON.stringify(await runner.deadLetters.list())}`,
  });

/** A verified delivery as the ingest job carries it (what the route enqueues). */
const jobDelivery = ({ body, headers }: Delivery): WebhookDeliveryData => ({
  headers,
  bodyBase64: Buffer.from(body).toString('base64'),
  receivedAt: new Date().toISOString(),
});

describe('verified webhook deliveries grouped at enqueue', () => {
  it('takes a burst of concurrent deliveries in fewer jobs than deliveries, and applies every one', async () => {
    const jobsBefore = await ingestJobsAdded();
    const stagesBefore = await stageCounts();
    const burst = Array.from({ length: 60 }, (_, index) => delivery(`burst-${index}`, 'SKU-A'));
    const acceptances = await acceptAll(burst);
    expect(acceptances).toEqual(burst.map(() => ({ status: 'fulfilled', value: { outcome: 'accepted' } })));
    await waitForOnHand('SKU-A', 60);
    const jobs = (await ingestJobsAdded()) - jobsBefore;
    expect(jobs).toBeGreaterThan(0);
    expect(jobs).toBeLessThan(burst.length);
    expect(await webhookCount('ingested')).toBe(60);
    // Each delivery's answer and wait, and each job's whole ingest, are stages of the push path.
    const grew = async (stage: string) => ((await stageCounts())[stage] ?? 0) - (stagesBefore[stage] ?? 0);
    await waitUntil('every job to have observed its ingest', async () =>
      (await grew('ingest')) === jobs ? true : undefined,
    );
    expect(await grew('webhook-answer')).toBe(burst.length);
    expect(await grew('queue-wait')).toBe(burst.length);
  });

  it('dead-letters a malformed delivery of a burst alone, applies the others, and replays it as a one-delivery job', async () => {
    const jobsBefore = await ingestJobsAdded();
    const broken = delivery('broken-in-burst', 'SKU-B', '{"adjustments": [');
    const burst = Array.from({ length: 30 }, (_, index) => delivery(`with-broken-${index}`, 'SKU-B'));
    burst.splice(15, 0, broken);
    const acceptances = await acceptAll(burst);
    expect(acceptances).toEqual(burst.map(() => ({ status: 'fulfilled', value: { outcome: 'accepted' } })));
    await waitForOnHand('SKU-B', 30);
    expect((await ingestJobsAdded()) - jobsBefore).toBeLessThan(burst.length);

    const letters = await runner.deadLetters.list();
    expect(letters).toHaveLength(1);
    const [letter] = letters;
    expect(letter).toMatchObject({ kind: 'webhook-malformed', connection: 'hooks', payload: { body: broken.body } });
    expect(letter?.reason).toMatch(/on connection "hooks" is malformed at \$: the body is not JSON/);
    // Its replay is the delivery alone, in the one-delivery shape, with the delivery id among its headers.
    expect(letter?.replay).toEqual({
      queue: 'ingest',
      name: 'webhook',
      data: expect.objectContaining({
        connection: 'hooks',
        bodyBase64: Buffer.from(broken.body).toString('base64'),
        headers: expect.objectContaining({ 'x-fixture-delivery': 'broken-in-burst' }),
      }),
    });
    expect(letter?.replay?.data).not.toHaveProperty('deliveries');

    const replay = await runner.replay(letter?.id ?? '');
    expect(replay).toMatchObject({ replayed: true });
    // Still malformed: it comes back as a new dead letter of its own, and nothing else moved.
    const again = await waitUntil('the replayed delivery to be dead-lettered again', async () => {
      const found = await runner.deadLetters.list();
      return found.length === 1 && found[0]?.id !== letter?.id ? found : undefined;
    });
    expect(again[0]).toMatchObject({ kind: 'webhook-malformed', payload: { body: broken.body } });
    expect(await onHand('SKU-B')).toBe(30);
  });

  it('applies a delivery id once, whether it comes twice in one group or again in a later one', async () => {
    const duplicatesBefore = await webhookCount('duplicate');
    const ingestedBefore = await webhookCount('ingested');
    const receivedBefore = await eventsReceived();
    const twice = delivery('twice', 'SKU-C');
    const other = delivery('other', 'SKU-C');
    // One job holding the same delivery twice, as a vendor's quick redelivery grouped with its original.
    await runner.enqueue({
      queue: 'ingest',
      name: 'webhook',
      data: { connection: 'hooks', deliveries: [jobDelivery(twice), jobDelivery(other), jobDelivery(twice)] },
    });
    await waitForOnHand('SKU-C', 2);
    // Counted once the delivery id is remembered (after the apply): from then on a redelivery finds it.
    await waitUntil('the group to be ingested and its copy dropped', async () =>
      (await webhookCount('ingested')) === ingestedBefore + 2 &&
      (await webhookCount('duplicate')) === duplicatesBefore + 1
        ? true
        : undefined,
    );
    // A later burst redelivers it again (several times, over HTTP): dropped by its id each time.
    const answers = await postAll([twice, delivery('third', 'SKU-C'), twice, twice]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    await waitForOnHand('SKU-C', 3);
    await waitUntil('the redeliveries to be dropped', async () =>
      (await webhookCount('duplicate')) === duplicatesBefore + 4 ? true : undefined,
    );
    // Only three deliveries reached the engine: "twice", "other", "third".
    expect((await eventsReceived()) - receivedBefore).toBe(3);
  });

  it('still processes a one-delivery job in the shape enqueued before grouping', async () => {
    const single = delivery('old-shape', 'SKU-D');
    await runner.enqueue({ queue: 'ingest', name: 'webhook', data: { connection: 'hooks', ...jobDelivery(single) } });
    await waitForOnHand('SKU-D', 1);
    expect(await webhookCount('ingested')).toBeGreaterThanOrEqual(1);
  });

  it('answers every request of a group whose enqueue failed with the error answer, and takes their redelivery', async () => {
    const counter = ingestJobCounter();
    const jobsBefore = await ingestJobsAdded();
    const before = await onHand('SKU-D');
    const failedEnqueues = async () =>
      Number(/errorstat_ERR:count=(\d+)/.exec(await client.info('errorstats'))?.[1] ?? 0);
    // A job counter BullMQ cannot increment: every add of the ingest queue fails, as a refused write would.
    await client.set(counter, 'not-a-number');
    try {
      const alone = await postAll([delivery('refused-alone', 'SKU-D')]);
      expect(alone[0]?.status).toBeGreaterThanOrEqual(500);
      const burst = Array.from({ length: 40 }, (_, index) => delivery(`refused-${index}`, 'SKU-D'));
      // Over HTTP: the answer a delivery whose enqueue fails gets, for each of them (the vendor redelivers on it).
      expect(await postAll(burst)).toEqual(burst.map(() => alone[0]));
      // Together: fewer failed enqueues than deliveries, and every delivery of a group gets its group's error.
      const failuresBefore = await failedEnqueues();
      const refusals = await acceptAll(burst);
      const failures = (await failedEnqueues()) - failuresBefore;
      expect(failures).toBeGreaterThan(0);
      expect(failures).toBeLessThan(burst.length);
      expect(refusals.map((refusal) => refusal.status)).toEqual(burst.map(() => 'rejected'));
      // One error per failed enqueue, each the answer of every delivery its job held.
      const reasons = refusals.map((refusal) => (refusal.status === 'rejected' ? refusal.reason : undefined));
      expect(new Set(reasons).size).toBe(failures);
      expect(String(reasons[0])).toMatch(/not an integer/);
    } finally {
      await client.set(counter, String(jobsBefore));
    }
    expect(await onHand('SKU-D')).toBe(before);

    const redelivered = Array.from({ length: 40 }, (_, index) => delivery(`refused-${index}`, 'SKU-D'));
    const answers = await postAll(redelivered);
    expect(answers.map((answer) => answer.status)).toEqual(redelivered.map(() => 200));
    await waitForOnHand('SKU-D', before + 40);
  });
});

describe('the grouping bounds as runner options', () => {
  /** A runner of its own with these options, the burst handed to it at once, and the ingest jobs it became. */
  async function jobsForBurst(options: Record<string, number>, size: number): Promise<number> {
    const world = await createSyncWorld({ hooks: {} });
    const own = await startInProcessRunner(world, redis.url, {
      options: { keyPrefix: `webhook-group-options-${randomUUID()}`, ...options },
      environment: { [fixtureSecretVariable]: fixtureSecret },
    });
    try {
      const counter = own.queues.get('ingest')?.keys.id;
      if (counter === undefined) throw new Error('the runner has no ingest queue');
      const burst = Array.from({ length: size }, (_, index) => delivery(`bounded-${index}`, 'SKU-C'));
      const acceptances = await Promise.all(
        burst.map(({ body, headers }) =>
          own.acceptWebhook('hooks', { headers, rawBody: Buffer.from(body), receivedAt: new Date().toISOString() }),
        ),
      );
      expect(acceptances.every((acceptance) => acceptance.outcome === 'accepted')).toBe(true);
      await waitUntil('the burst to be applied', async () =>
        ((await own.engine.quantities('SKU-C', 'wh-1')).onHand ?? 0) === size ? true : undefined,
      );
      return Number((await client.get(counter)) ?? 0);
    } finally {
      await own.close();
    }
  }

  it('puts at most webhookGroupMaximumDeliveries in one job, and 1 turns grouping off', async () => {
    // The default (100) takes a burst of 60 in two jobs; a maximum of 10 needs at least one job per 10 after the first.
    expect(await jobsForBurst({}, 60)).toBeLessThanOrEqual(2);
    expect(await jobsForBurst({ webhookGroupMaximumDeliveries: 10 }, 60)).toBeGreaterThanOrEqual(7);
    expect(await jobsForBurst({ webhookGroupMaximumDeliveries: 1 }, 20)).toBe(20);
  });
});
