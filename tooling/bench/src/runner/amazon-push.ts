import { type AmazonSandbox, createAmazonSandbox } from '@stockwire/connector-amazon/sandbox';
import type { ApiEfficiencyResult } from './shopify-push.ts';

export type AmazonPushResult = ApiEfficiencyResult;

import {
  enqueueEvents,
  snapshotEvent,
  startVendorWorld,
  type VendorWorld,
  vendorConnection,
  waitFor,
} from './vendor-world.ts';

const marketplace = 'ATVPDKIKX0DER';
const feedMessages = 25_000;
const secrets = {
  clientId: 'BENCH_AMAZON_CLIENT_ID',
  clientSecret: 'BENCH_AMAZON_SECRET',
  refreshToken: 'BENCH_AMAZON_REFRESH',
};

/**
 * The Amazon push path end to end: the runner in this process and the real connector (amazon-sp-api SDK, shared
 * limiter, feed ledger in Redis) against the Amazon sandbox, one marketplace. `changes` SKUs move from 0; a tenth
 * of them are sent again with the same value. The sandbox processes a feed as soon as it is polled (its processing
 * delay is Amazon's, not ours), so the count of calls includes every poll the runner makes until it is DONE.
 */
export async function measureAmazonPush(input: {
  redisUrl: string;
  changes: number;
  onProgress: (text: string) => void;
}): Promise<AmazonPushResult> {
  const sandbox = await createAmazonSandbox({ feedQueueMs: 0, feedProcessingMs: 0 });
  let world: VendorWorld | undefined;
  try {
    const skuCount = input.changes;
    for (let index = 0; index < skuCount; index++)
      sandbox.setListing(marketplace, `SKU-${String(index).padStart(6, '0')}`, 0);
    input.onProgress(`Amazon: seeding ${skuCount.toLocaleString('en-US')} listings`);
    world = await startVendorWorld({
      name: 'amazon',
      vendor: 'amazon',
      skuCount,
      vendorLocations: [marketplace],
      settings: {
        sellerId: sandbox.sellerId,
        marketplaceIds: [marketplace],
        clientId: { env: secrets.clientId },
        clientSecret: { env: secrets.clientSecret },
        refreshToken: { env: secrets.refreshToken },
        // The connector's own setting: every Amazon host the SDK names reaches the sandbox.
        endpoint: sandbox.baseUrl,
        // SKUs in a feed are held until its poll (the connector's retryAfterMs); the sandbox is done at the first
        // one, and Amazon's processing time is not ours to measure: 5 s instead of the default 60.
        feedPollSeconds: 5,
      },
      environment: {
        [secrets.clientId]: sandbox.credentials.clientId,
        [secrets.clientSecret]: sandbox.credentials.clientSecret,
        [secrets.refreshToken]: sandbox.credentials.refreshToken,
      },
      redisUrl: input.redisUrl,
      seedValue: 0,
    });
    input.onProgress(`Amazon: ${input.changes.toLocaleString('en-US')} changes`);
    const location = world.locations[0] ?? '';
    const quantityOf = (index: number) => 1 + (index % 50);
    // After the seed (an hour ago) and inside the engine's settle horizon whatever the date.
    const changedAt = Date.now() - 60_000;
    const occurredAt = new Date(changedAt).toISOString();
    const changes = world.skus.map((sku, index) =>
      snapshotEvent(sku, location, quantityOf(index), `bench/amazon-${sku}`, occurredAt),
    );
    const repeats = world.skus
      .slice(0, Math.ceil(input.changes / 10))
      .map((sku, index) =>
        snapshotEvent(
          sku,
          location,
          quantityOf(index),
          `bench/amazon-repeat-${sku}`,
          new Date(changedAt + 1_000).toISOString(),
        ),
      );
    const callsBefore = sandbox.server.calls.length;
    const feedsBefore = new Set(sandbox.state.feeds.keys());
    const started = performance.now();
    await enqueueEvents(world.runner, changes, 500);
    await enqueueEvents(world.runner, repeats, 500);
    const landed = () =>
      world?.skus.every((sku, index) => sandbox.listingQuantity(marketplace, sku) === quantityOf(index)) ?? false;
    await waitFor('every change to land on the Amazon sandbox', landed, 600_000, 250);
    const seconds = (performance.now() - started) / 1_000;
    const runner = world.runner;
    await waitFor(
      'the runner to finish pushing',
      async () => (await runner.engine.dirtyCount(vendorConnection)) === 0,
      120_000,
      250,
    );
    const calls = sandbox.server.calls.slice(callsBefore);
    const sent = sentQuantities(sandbox, feedsBefore, calls);
    const feeds = [...sandbox.state.feeds.keys()].filter((id) => !feedsBefore.has(id)).length;
    const patches = calls.filter((call) => call.method === 'PATCH').length;
    const before = new Map(world.skus.map((sku) => [sku, 0]));
    const unchanged = sent.filter(({ sku, quantity }) => before.get(sku) === quantity).length;
    return {
      vendor: 'amazon',
      changed: input.changes,
      unchangedEvents: repeats.length,
      minimumCalls: Math.ceil(input.changes / feedMessages),
      writeCalls: feeds + patches,
      allCalls: calls.filter((call) => (call.headers.host ?? '').startsWith('sellingpartnerapi')).length,
      throttled: calls.filter((call) => call.status === 429).length,
      unchangedResent: unchanged + Math.max(0, sent.length - input.changes),
      seconds,
    };
  } finally {
    await world?.close();
    await sandbox.close();
  }
}

/** Every quantity the sandbox was sent in the phase: feed messages of the feeds created then, and listings patches. */
function sentQuantities(
  sandbox: AmazonSandbox,
  feedsBefore: ReadonlySet<string>,
  calls: AmazonSandbox['server']['calls'],
): { sku: string; quantity: unknown }[] {
  const sentQuantity = (patches: unknown) =>
    (patches as { value?: { quantity?: unknown }[] }[] | undefined)?.[0]?.value?.[0]?.quantity;
  const sent: { sku: string; quantity: unknown }[] = [];
  for (const [feedId, feed] of sandbox.state.feeds) {
    if (feedsBefore.has(feedId)) continue;
    const content = sandbox.state.documents.get(feed.inputFeedDocumentId)?.content ?? '{}';
    const messages = (JSON.parse(content) as { messages?: { sku: string; patches?: unknown }[] }).messages ?? [];
    for (const message of messages) sent.push({ sku: message.sku, quantity: sentQuantity(message.patches) });
  }
  for (const call of calls) {
    if (call.method !== 'PATCH') continue;
    const sku = decodeURIComponent(/\/items\/[^/]+\/([^/?]+)/.exec(call.path)?.[1] ?? '');
    sent.push({ sku, quantity: sentQuantity((call.json as { patches?: unknown } | undefined)?.patches) });
  }
  return sent;
}
