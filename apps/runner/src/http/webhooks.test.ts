import { hoursAgo, useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import {
  createSyncWorld,
  fixtureSecret,
  fixtureSecretVariable,
  publishedOnWeb,
  type SyncWorld,
} from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import {
  type FixtureVendor,
  fixtureWebhookHeaders,
  startFixtureVendor,
} from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import { createHttpServer } from './create-http-server.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-tests-5d1e';
let vendor: FixtureVendor;
let world: SyncWorld;
let runner: Runner;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  vendor = await startFixtureVendor();
  world = await createSyncWorld({ hooks: { vendorUrl: vendor.url } });
  runner = await startInProcessRunner(world, redis.url, { environment: { [fixtureSecretVariable]: fixtureSecret } });
  app = await createHttpServer({ runner, adminToken });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await runner?.close();
  await vendor?.close();
});

const adjustment = (id: string, sku: string, change: number) => ({
  id,
  sku,
  location: 'L1',
  change,
  reason: 'found',
  occurredAt: hoursAgo(2),
});
const webhookBody = (...adjustments: object[]) => JSON.stringify({ adjustments });
const post = (connection: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}/webhooks/${connection}`, { method: 'POST', body, headers });
const admin = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...init.headers } });
const metricsText = async () => await (await fetch(`${base}/metrics`)).text();

describe('POST /webhooks/:connection', () => {
  it('refuses a bad signature with 401 and takes nothing in', async () => {
    const body = webhookBody(adjustment('forged-1', 'SKU-C', 50));
    const signedElsewhere = fixtureWebhookHeaders(body, 'not-the-secret', 'forged-delivery');
    const tampered = fixtureWebhookHeaders(webhookBody(adjustment('forged-1', 'SKU-C', 5)), fixtureSecret, 'forged-2');
    const unsigned = { 'content-type': 'application/json', 'x-fixture-delivery': 'forged-3' };
    for (const headers of [signedElsewhere, tampered, unsigned]) {
      const response = await post('hooks', body, headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'the webhook signature does not match its body' });
    }
    expect(await runner.deadLetters.count()).toBe(0);
    expect(await metricsText()).toMatch(/stockwire_webhooks_total\{connection="hooks",outcome="bad-signature"\} 3/);

    // A genuine delivery after the forged ones goes all the way through; the forged change never shows anywhere.
    const genuine = webhookBody(adjustment('real-1', 'SKU-D', 2));
    expect((await post('hooks', genuine, fixtureWebhookHeaders(genuine, fixtureSecret, 'delivery-1'))).status).toBe(
      200,
    );
    await waitUntil('web to show SKU-D', async () => ((await publishedOnWeb(world))['SKU-D'] === 2 ? true : undefined));
    expect(await runner.engine.quantities('SKU-C', 'wh-1')).toMatchObject({ onHand: 0 });
    expect((await publishedOnWeb(world))['SKU-C']).toBeUndefined();
    await waitUntil('the market to show SKU-D', () =>
      vendor.pushedItems().some((item) => item.sku === 'SKU-D' && item.quantity === 2) ? true : undefined,
    );
    expect(vendor.pushedItems().filter((item) => item.sku === 'SKU-C')).toEqual([]);
  });

  it('answers 200 for a body it cannot read (parsed once, in the ingest job), keeps it as a dead letter, and keeps serving', async () => {
    // The answer waits only for the signature and the enqueue; the job finds the body malformed and keeps it.
    const notJson = '{"adjustments": [';
    const notJsonResponse = await post('hooks', notJson, fixtureWebhookHeaders(notJson, fixtureSecret, 'broken-1'));
    expect(notJsonResponse.status).toBe(200);
    const missingSku = JSON.stringify({ adjustments: [{ id: 'x', location: 'L1', change: 1, reason: 'found' }] });
    const wrongShape = await post('hooks', missingSku, fixtureWebhookHeaders(missingSku, fixtureSecret, 'broken-2'));
    expect(wrongShape.status).toBe(200);

    const letters = await waitUntil('both bodies kept as dead letters', async () => {
      const found = await runner.deadLetters.list();
      return found.length === 2 ? found : undefined;
    });
    const notJsonLetter = letters.find((letter) => (letter.payload as { body?: string }).body === notJson);
    expect(notJsonLetter).toMatchObject({
      kind: 'webhook-malformed',
      connection: 'hooks',
      payload: { body: notJson },
      replay: { queue: 'ingest', name: 'webhook' },
    });
    expect(notJsonLetter?.reason).toMatch(
      /Fixture Commerce inventory webhook on connection "hooks" is malformed at \$: the body is not JSON/,
    );
    // The reason says the payload is attached as vendorBody: the dead letter carries it where it says.
    expect(notJsonLetter?.reason).toContain('attached as vendorBody');
    expect(notJsonLetter?.error?.vendorBody).toBe(notJson);
    expect(letters.find((letter) => letter !== notJsonLetter)?.reason).toMatch(
      /malformed at \$\.adjustments\[0\]\.sku/,
    );

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    const genuine = webhookBody(adjustment('real-2', 'SKU-D', 3));
    expect((await post('hooks', genuine, fixtureWebhookHeaders(genuine, fixtureSecret, 'delivery-2'))).status).toBe(
      200,
    );
    await waitUntil('web to show SKU-D 5', async () =>
      (await publishedOnWeb(world))['SKU-D'] === 5 ? true : undefined,
    );
  });

  it('drops a redelivery by its delivery id', async () => {
    const body = webhookBody(adjustment('real-3', 'SKU-B', 4));
    const headers = fixtureWebhookHeaders(body, fixtureSecret, 'delivery-3');
    expect((await post('hooks', body, headers)).status).toBe(200);
    await waitUntil('web to show SKU-B 4', async () =>
      (await publishedOnWeb(world))['SKU-B'] === 4 ? true : undefined,
    );
    expect((await post('hooks', body, headers)).status).toBe(200);
    await waitUntil('the redelivery to be dropped', async () =>
      /stockwire_webhooks_total\{connection="hooks",outcome="duplicate"\} 1/.test(await metricsText())
        ? true
        : undefined,
    );
    expect(await runner.engine.quantities('SKU-B', 'wh-1')).toMatchObject({ onHand: 4 });
  });

  it('answers 404 for a connection that does not exist or takes no webhooks', async () => {
    const body = webhookBody();
    const nowhere = await post('nowhere', body, fixtureWebhookHeaders(body, fixtureSecret, 'd'));
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({ error: 'there is no connection "nowhere"' });
    const files = await post('wms', body, { 'content-type': 'application/json' });
    expect(files.status).toBe(404);
    expect(await files.json()).toEqual({ error: 'connection "wms" (file) does not receive webhooks' });
  });
});

describe('health, readiness, metrics and the admin API', () => {
  it('reports ready while Redis answers and the workers run', async () => {
    const response = await fetch(`${base}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, redis: true, workers: true, redisMemory: 'ok' });
  });

  it('requires the bearer token', async () => {
    expect((await fetch(`${base}/admin/dead-letters`)).status).toBe(401);
    expect((await admin('/admin/dead-letters', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('shows computed and pushed quantities per SKU and channel', async () => {
    const response = await admin('/admin/status?sku=SKU-D');
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { total: number; rows: Array<Record<string, unknown>> };
    expect(answer.total).toBe(2);
    expect(answer.rows).toEqual([
      expect.objectContaining({
        sku: 'SKU-D',
        channel: 'web',
        connection: 'shop',
        computed: expect.objectContaining({ quantity: 5 }),
        pushed: expect.objectContaining({ quantity: 5 }),
      }),
      expect.objectContaining({ sku: 'SKU-D', channel: 'market', connection: 'hooks' }),
    ]);
  });

  it('lists dead letters and replays one (a still-broken webhook comes back as a new dead letter)', async () => {
    const listed = (await (await admin('/admin/dead-letters')).json()) as {
      total: number;
      deadLetters: Array<{ id: string; kind: string }>;
    };
    expect(listed.total).toBe(2);
    const oldest = listed.deadLetters.at(-1);
    expect(oldest?.kind).toBe('webhook-malformed');
    const replay = await admin(`/admin/dead-letters/${oldest?.id}/replay`, { method: 'POST' });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ replayed: true, request: { queue: 'ingest', name: 'webhook' } });
    const replayedAgain = await waitUntil('the replayed webhook to fail again', async () => {
      const letters = await runner.deadLetters.list();
      return letters.some((letter) => letter.id === oldest?.id) || letters.length < 2 ? undefined : letters;
    });
    expect(replayedAgain[0]).toMatchObject({ kind: 'webhook-malformed', payload: { body: '{"adjustments": [' } });
    expect((await admin(`/admin/dead-letters/${oldest?.id}/replay`, { method: 'POST' })).status).toBe(409);
  });

  it('exposes the pipeline metrics for Prometheus', async () => {
    const text = await metricsText();
    expect(text).toMatch(/stockwire_events_received_total\{connection="hooks",origin="webhook"\} 3/);
    expect(text).toMatch(/stockwire_push_items_total\{connection="hooks",outcome="written"\} \d+/);
    // The outcome label appears once the pipeline counts its calls through recordConnectorCall.
    expect(text).toMatch(
      /stockwire_api_calls_total\{connection="hooks",operation="pushQuantities"(,outcome="ok")?\} \d+/,
    );
    expect(text).toMatch(/stockwire_event_to_push_seconds_bucket\{le="1",connection="hooks"\} \d+/);
  });
});
