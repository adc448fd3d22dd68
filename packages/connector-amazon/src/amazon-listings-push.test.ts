import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRateLimiter } from '@stockwire/connector-kit';
import {
  ConnectorConfigurationError,
  type PushItemResultV2,
  type PushItemV2,
  RateLimitedError,
} from '@stockwire/connector-spec';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AmazonConnectorOptions, createAmazonConnector } from './amazon-connector.ts';
import { amazonPublishedLimits, amazonRateLimits } from './amazon-rate-limits.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import {
  manySkuConfiguration,
  mappingOf,
  marketplaces,
  sandboxConnector,
  secretNames,
  skuName,
} from './test-support/amazon-test-setup.ts';

const connection = 'amazon-listings';
const mapping = mappingOf(manySkuConfiguration(connection, 40), connection);
const redisServer = useRedisServer();
let sandbox: AmazonSandbox;

const items = (count: number, quantityOf: (index: number) => number): PushItemV2[] =>
  Array.from({ length: count }, (_, index) => ({
    key: `amazon/${skuName(index)}`,
    channel: 'amazon',
    sku: skuName(index),
    location: 'amazon-us',
    quantity: quantityOf(index),
    status: 'in-stock',
  }));

const patchCalls = () => sandbox.spApiCalls().filter((call) => call.method === 'PATCH');

/**
 * Pushes as the runner does: results that failed with a retryable RateLimitedError are pushed again after the
 * wait the error names (the runner's delay, never the connector's).
 */
async function pushLikeTheRunner(batch: readonly PushItemV2[], options: AmazonConnectorOptions) {
  const final = new Map<string, PushItemResultV2>();
  let pending = [...batch];
  for (let round = 0; pending.length > 0 && round < 100; round++) {
    let results: readonly PushItemResultV2[];
    try {
      results = (
        await sandboxConnector(sandbox, mapping, {}, options).push.push({
          items: pending,
          idempotencyKey: `round-${round}`,
        })
      ).results;
    } catch (error) {
      if (!RateLimitedError.isInstance(error)) throw error;
      await sleep(error.retryAfterMs);
      continue;
    }
    const again = results.filter((result) => result.outcome === 'failed' && RateLimitedError.isInstance(result.error));
    for (const result of results) if (!again.includes(result)) final.set(result.key, result);
    const waits = again.map((result) =>
      result.outcome === 'failed' && RateLimitedError.isInstance(result.error) ? result.error.retryAfterMs : 0,
    );
    pending = pending.filter((item) => again.some((result) => result.key === item.key));
    if (pending.length > 0) await sleep(Math.max(...waits));
  }
  return final;
}

beforeAll(async () => {
  sandbox = await createAmazonSandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
  sandbox.reset();
  for (let index = 0; index < 40; index++) sandbox.setListing(marketplaces.us, skuName(index), 0);
});

describe('pushing a small set of FBM quantities with patchListingsItem', () => {
  it('sends one patch per changed SKU with the token from Login with Amazon, and writes nothing unchanged', async () => {
    sandbox.setListing(marketplaces.us, skuName(2), 12);
    const result = await sandboxConnector(sandbox, mapping).push.push({
      items: items(3, (index) => 10 + index),
      idempotencyKey: 'three',
    });

    expect(result.results).toEqual([
      { key: `amazon/${skuName(2)}`, outcome: 'unchanged', remoteQuantity: 12 },
      { key: `amazon/${skuName(0)}`, outcome: 'written', remoteQuantity: 10 },
      { key: `amazon/${skuName(1)}`, outcome: 'written', remoteQuantity: 11 },
    ]);
    const token = sandbox.server.calls.find((call) => call.path === '/auth/o2/token');
    expect(token?.json).toEqual({
      grant_type: 'refresh_token',
      refresh_token: sandbox.credentials.refreshToken,
      client_id: sandbox.credentials.clientId,
      client_secret: sandbox.credentials.clientSecret,
    });
    const search = sandbox.spApiCalls().find((call) => call.method === 'GET');
    expect(search?.path).toBe(`/listings/2021-08-01/items/${sandbox.sellerId}`);
    expect(search?.query).toMatchObject({
      marketplaceIds: marketplaces.us,
      identifiers: [skuName(0), skuName(1), skuName(2)].join(','),
      identifiersType: 'SKU',
      includedData: 'fulfillmentAvailability',
    });
    expect(
      patchCalls().map((call) => [call.path, call.query.marketplaceIds, call.headers['x-amz-access-token']]),
    ).toEqual([
      [
        `/listings/2021-08-01/items/${sandbox.sellerId}/${skuName(0)}`,
        marketplaces.us,
        sandbox.credentials.accessToken,
      ],
      [
        `/listings/2021-08-01/items/${sandbox.sellerId}/${skuName(1)}`,
        marketplaces.us,
        sandbox.credentials.accessToken,
      ],
    ]);
    expect(patchCalls()[0]?.json).toEqual({
      productType: 'PRODUCT',
      patches: [
        {
          op: 'replace',
          path: '/attributes/fulfillment_availability',
          value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 10 }],
        },
      ],
    });
    expect(result.requestsMade).toBe(3);
    expect(sandbox.listingQuantity(marketplaces.us, skuName(1))).toBe(11);

    sandbox.server.clearCalls();
    const again = await sandboxConnector(sandbox, mapping).push.push({
      items: items(3, (index) => (index === 2 ? 12 : 10 + index)),
      idempotencyKey: 'again',
    });
    expect(again.results.every((entry) => entry.outcome === 'unchanged')).toBe(true);
    expect(patchCalls()).toHaveLength(0);
  });

  it('skips values the runner knows Amazon shows (expectedRemote) without calling Amazon at all', async () => {
    const known = items(2, () => 4).map((item) => ({ ...item, expectedRemote: 4 }));
    const result = await sandboxConnector(sandbox, mapping).push.push({ items: known, idempotencyKey: 'known' });
    expect(result.results.map((entry) => entry.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(result.requestsMade).toBe(0);
    expect(sandbox.spApiCalls()).toHaveLength(0);
  });

  it('sends 20 changes as 20 patches, never faster than Amazon publishes (5 per second, burst 5)', async () => {
    const redis = new Redis(redisServer.url);
    try {
      const limiter = createRateLimiter({ redis, account: `amazon:${randomUUID()}`, policy: amazonRateLimits });
      const final = await pushLikeTheRunner(
        items(20, (index) => 30 + index),
        { limiter },
      );

      expect([...final.values()].map((result) => result.outcome)).toEqual(Array(20).fill('written'));
      expect(patchCalls()).toHaveLength(20);
      expect(new Set(patchCalls().map((call) => call.path)).size).toBe(20);
      // Observed by the sandbox, which enforces the published bucket: Amazon never had to refuse a call.
      expect(sandbox.rateLimits.refused).toBe(0);
      expect(patchCalls().every((call) => call.status === 200)).toBe(true);
      const { ratePerSecond, burst } = amazonPublishedLimits.patchListingsItem;
      expect(sandbox.server.maxCallsInWindow(1_000, (call) => call.method === 'PATCH')).toBeLessThanOrEqual(
        burst + ratePerSecond,
      );
      expect(sandbox.listingQuantity(marketplaces.us, skuName(19))).toBe(49);
    } finally {
      redis.disconnect();
    }
  });

  it("reports Amazon's 429 QuotaExceeded as RateLimitedError with the wait its rate header implies", async () => {
    sandbox.throttleAll(0.5);
    const error = await sandboxConnector(sandbox, mapping)
      .push.push({ items: items(1, () => 3), idempotencyKey: 'throttled' })
      .catch((caught: unknown) => caught);
    expect(RateLimitedError.isInstance(error) && error.retryAfterMs).toBe(2_000);
  });

  it('fails a SKU Amazon has no offer for alone, with the issue Amazon reported', async () => {
    const batch = [...items(2, () => 8), { ...items(1, () => 8)[0], key: 'ca', location: 'amazon-ca' } as PushItemV2];
    const result = await sandboxConnector(sandbox, mapping).push.push({ items: batch, idempotencyKey: 'ca' });
    const failed = result.results.find((entry) => entry.key === 'ca');
    expect(failed?.outcome === 'failed' && failed.error.name).toBe('PermanentItemError');
    expect(failed?.outcome === 'failed' && failed.error.message).toContain('4000001');
    expect(result.results.filter((entry) => entry.outcome === 'written')).toHaveLength(2);
  });

  it('names the setting and the variable of a missing secret, before anything is called', async () => {
    const withoutSecret = createAmazonConnector(
      {
        sellerId: sandbox.sellerId,
        marketplaceIds: [marketplaces.us],
        clientId: { env: secretNames.clientId },
        clientSecret: { env: secretNames.clientSecret },
        refreshToken: { env: secretNames.refreshToken },
        endpoint: sandbox.baseUrl,
      },
      { mapping, environment: {} },
    );
    sandbox.server.clearCalls();
    const error = await withoutSecret.push
      .push({ items: items(1, () => 2), idempotencyKey: 'y' })
      .catch((caught: unknown) => caught);
    expect(ConnectorConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(
      `setting refreshToken names the environment variable ${secretNames.refreshToken}`,
    );
    expect(sandbox.server.calls).toHaveLength(0);
  });
});
