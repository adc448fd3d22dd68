import { randomUUID } from 'node:crypto';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../http/create-http-server.ts';
import { maximumPushLinks } from '../observability/push-trace-links.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { type ReceivedSpan, startOtlpReceiver } from '../test-support/otlp-receiver.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
const north = 'gid://shopify/Location/1001';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** OTLP's span kinds. */
const kind = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/** Shopify's inventory_levels/update payload (numeric ids, as the REST webhook sends them), observed now. */
const levelBody = (inventoryItemId: string, available: number) =>
  JSON.stringify({
    inventory_item_id: Number(inventoryItemId.split('/').pop()),
    location_id: 1001,
    available,
    updated_at: new Date().toISOString(),
    admin_graphql_api_id: `gid://shopify/InventoryLevel/1001?inventory_item_id=${inventoryItemId.split('/').pop()}`,
  });

/**
 * A Shopify sandbox whose store stocks `skus` at north (7 each), and a runner over it (connection `connection`,
 * channel `store`) behind its HTTP server. The engine holds none of them, so each level the store reports is a
 * drift the runner heals by pushing 0.
 */
async function shopifyInstallation(options: {
  readonly skus: readonly string[];
  readonly connection?: string;
  readonly tracing?: { otlpEndpoint: string; serviceName: string };
}) {
  const connection = options.connection ?? 'shopify';
  const sandbox: ShopifySandbox = await createShopifySandbox();
  closers.push(() => sandbox.close());
  sandbox.addLocation(north);
  const items = options.skus.map((sku) => {
    const itemId = sandbox.addInventoryItem(sku);
    sandbox.setLevel(itemId, north, { available: 7, on_hand: 7 });
    return itemId;
  });
  const world = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    connections: {
      ...world.configuration.connections,
      [connection]: {
        connector: 'shopify',
        locations: { [north]: 'wh-1' },
        settings: sandbox.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
    },
    channels: [...world.configuration.channels, { id: 'store', connection, locations: ['wh-1'] }],
    ...(options.tracing === undefined ? {} : { observability: { tracing: options.tracing } }),
  });
  const runner: Runner = await startInProcessRunner({ ...world, configuration }, redis.url, {
    options: { keyPrefix: `tracing-${randomUUID()}` },
    environment: { SHOPIFY_ACCESS_TOKEN: sandbox.accessToken, SHOPIFY_API_SECRET: sandbox.apiSecretKey },
  });
  let closed = false;
  const closeRunner = async () => {
    if (closed) return;
    closed = true;
    await runner.close();
  };
  closers.push(closeRunner);
  const app: FastifyInstance = await createHttpServer({ runner, adminToken: 'admin-token-for-tracing-7c2d' });
  closers.push(() => app.close());
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  return {
    sandbox,
    runner,
    items,
    async postLevel(itemId: string) {
      const webhook = sandbox.webhook('inventory_levels/update', levelBody(itemId, 7));
      const response = await fetch(`${base}/webhooks/${connection}`, {
        method: 'POST',
        headers: { ...webhook.headers, 'content-type': 'application/json' },
        body: webhook.rawBody,
      });
      expect(response.status).toBe(200);
    },
    async healed() {
      await waitUntil(
        'the heals to reach the store',
        () => items.every((itemId) => sandbox.level(itemId, north)?.available === 0) || undefined,
        {
          describeLast: async () => JSON.stringify({ letters: await runner.deadLetters.list() }),
          timeoutMs: 25_000,
        },
      );
    },
    /** Closes the runner, which exports every span still buffered. */
    close: closeRunner,
  };
}

function only(spans: readonly ReceivedSpan[], what: string, match: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(match);
  expect(found, `exactly one ${what} among ${spans.map((span) => span.name).join(', ')}`).toHaveLength(1);
  return found[0] as ReceivedSpan;
}

const isChildOf = (parent: ReceivedSpan) => (span: ReceivedSpan) =>
  span.traceId === parent.traceId && span.parentSpanId === parent.spanId;

const shopifyPushes = (spans: readonly ReceivedSpan[], connection = 'shopify') =>
  spans.filter(
    (span) =>
      span.name === 'push' &&
      span.attributes['stockwire.connection'] === connection &&
      Number(span.attributes['stockwire.push.written']) > 0,
  );

describe('tracing (#22): one trace from a signed Shopify webhook through the queues to the push', () => {
  it('exports the webhook, its verify and enqueue, the ingest job, the parse, the apply and the push as one trace', async () => {
    const receiver = await startOtlpReceiver();
    closers.push(() => receiver.close());
    const installation = await shopifyInstallation({
      skus: ['SKU-A'],
      tracing: { otlpEndpoint: receiver.endpoint, serviceName: 'stockwire-tracing-test' },
    });
    await installation.postLevel(installation.items[0] as string);
    await installation.healed();
    await installation.close();

    const spans = receiver.spans();
    expect(receiver.requests().every((request) => request.path === '/v1/traces')).toBe(true);
    expect(new Set(spans.map((span) => span.serviceName))).toEqual(new Set(['stockwire-tracing-test']));

    const webhook = only(spans, 'webhook span', (span) => span.name === 'webhook receive');
    expect(webhook).toMatchObject({
      kind: kind.server,
      parentSpanId: undefined,
      attributes: { 'stockwire.connection': 'shopify', 'stockwire.webhook.outcome': 'accepted' },
    });
    const verify = only(spans, 'verify span', (span) => span.name === 'webhook verify');
    expect(isChildOf(webhook)(verify)).toBe(true);
    expect(verify.attributes).toMatchObject({ 'stockwire.connector': 'shopify', 'stockwire.outcome': 'ok' });
    const send = only(spans, 'enqueue span', (span) => span.name === 'send ingest');
    expect(isChildOf(webhook)(send)).toBe(true);
    expect(send).toMatchObject({ kind: kind.producer, attributes: { 'messaging.destination.name': 'ingest' } });

    // The job's data carried the producer's context through Redis: the worker's span continues it.
    const ingest = only(spans, 'ingest job span', (span) => span.name === 'process ingest');
    expect(isChildOf(send)(ingest)).toBe(true);
    expect(ingest).toMatchObject({ kind: kind.consumer, attributes: { 'stockwire.job': 'webhook' } });
    const parse = only(spans, 'parse span', (span) => span.name === 'webhooks.parse');
    expect(isChildOf(ingest)(parse)).toBe(true);
    expect(parse).toMatchObject({
      kind: kind.client,
      attributes: { 'stockwire.connection': 'shopify', 'stockwire.connector': 'shopify', 'stockwire.outcome': 'ok' },
    });
    const apply = only(spans, 'apply span', (span) => span.name === 'apply');
    expect(isChildOf(ingest)(apply)).toBe(true);
    expect(apply.attributes).toMatchObject({ 'stockwire.origin': 'webhook', 'stockwire.received': 1 });

    // One event led to the push: the push continues its trace, and the vendor call is the push's child.
    const [push, ...otherPushes] = shopifyPushes(spans);
    expect(otherPushes).toEqual([]);
    expect(push && isChildOf(apply)(push)).toBe(true);
    expect(push?.attributes).toMatchObject({ 'stockwire.push.contributors': 1, 'stockwire.push.items': 1 });
    const vendorPush = only(spans, 'vendor push span', (span) => span.name === 'push.push');
    expect(push && isChildOf(push)(vendorPush)).toBe(true);
    expect(vendorPush).toMatchObject({
      kind: kind.client,
      attributes: { 'stockwire.connection': 'shopify', 'stockwire.connector': 'shopify', 'stockwire.outcome': 'ok' },
    });
    expect(spans.filter((span) => span.statusCode === 2)).toEqual([]);
  }, 40_000);

  it('links a push that batches several webhooks to the apply of each', async () => {
    const receiver = await startOtlpReceiver();
    closers.push(() => receiver.close());
    const installation = await shopifyInstallation({
      skus: ['SKU-A', 'SKU-B', 'SKU-C'],
      tracing: { otlpEndpoint: receiver.endpoint, serviceName: 'stockwire-tracing-test' },
    });
    const pushQueue = installation.runner.queues.get('push');
    // Held until all three are applied, so one flush takes the three changes (and the three contributors).
    await pushQueue?.pause();
    for (const itemId of installation.items) await installation.postLevel(itemId);
    await waitUntil('the three webhooks to be applied', async () => {
      const metrics = await installation.runner.metrics.registry.metrics();
      return /stockwire_webhooks_total\{connection="shopify",outcome="ingested"\} 3\n/.test(metrics) || undefined;
    });
    await pushQueue?.resume();
    await installation.healed();
    await installation.close();

    const spans = receiver.spans();
    const applies = spans.filter((span) => span.name === 'apply');
    expect(applies).toHaveLength(3);
    // Three webhooks, three traces.
    expect(new Set(applies.map((span) => span.traceId)).size).toBe(3);
    const [push, ...otherPushes] = shopifyPushes(spans);
    expect(otherPushes).toEqual([]);
    expect(push?.parentSpanId).toBeUndefined();
    expect(push?.attributes).toMatchObject({ 'stockwire.push.contributors': 3, 'stockwire.push.items': 3 });
    expect(new Set(push?.links.map((link) => `${link.traceId}/${link.spanId}`))).toEqual(
      new Set(applies.map((apply) => `${apply.traceId}/${apply.spanId}`)),
    );
    expect(push?.links.length).toBeLessThanOrEqual(maximumPushLinks);
    const vendorPush = only(spans, 'vendor push span', (span) => span.name === 'push.push');
    expect(push && isChildOf(push)(vendorPush)).toBe(true);
  }, 40_000);

  it('exports nothing for a runner without tracing configured, beside one that traces in the same process', async () => {
    const receiver = await startOtlpReceiver();
    closers.push(() => receiver.close());
    const quiet = await shopifyInstallation({ skus: ['SKU-A'], connection: 'quiet-shop' });
    const traced = await shopifyInstallation({
      skus: ['SKU-A'],
      tracing: { otlpEndpoint: receiver.endpoint, serviceName: 'stockwire-tracing-test' },
    });
    await quiet.postLevel(quiet.items[0] as string);
    await traced.postLevel(traced.items[0] as string);
    await Promise.all([quiet.healed(), traced.healed()]);
    await quiet.close();
    await traced.close();

    const spans = receiver.spans();
    // The traced runner's spans arrive; had either runner used a global provider, the other's would arrive too.
    expect(shopifyPushes(spans)).toHaveLength(1);
    expect(spans.filter((span) => span.attributes['stockwire.connection'] === 'quiet-shop')).toEqual([]);
  }, 40_000);
});
