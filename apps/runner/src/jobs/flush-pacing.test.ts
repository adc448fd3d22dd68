import { randomUUID } from 'node:crypto';
import { createRateLimiter } from '@stockwire/connector-kit';
import type { ConnectorV2 } from '@stockwire/connector-spec';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineConnection } from './connection.ts';
import { createFlushPacing, flushDelayMs, waitToBatchMs, waitToFillMs } from './flush-pacing.ts';

const redisServer = useRedisServer();

describe('flushDelayMs', () => {
  it('goes at once when the bucket is full, waits the whole debounce when it is empty, in proportion between', () => {
    expect(flushDelayMs(250, 1)).toBe(0);
    expect(flushDelayMs(250, 0)).toBe(250);
    expect(flushDelayMs(250, 0.6)).toBe(100);
    expect(flushDelayMs(0, 0)).toBe(0);
    // Out-of-range or unreadable levels never wait longer than the debounce, nor less than nothing.
    expect(flushDelayMs(250, 1.5)).toBe(0);
    expect(flushDelayMs(250, -1)).toBe(250);
    expect(flushDelayMs(250, Number.NaN)).toBe(250);
  });
});

describe('waitToFillMs', () => {
  const fill = { fromItems: 21, windowMs: 15_000 };
  it('lets a bulk batch fill in slices of a second until the window after the offer ends', () => {
    expect(waitToFillMs({ fill, waitedMs: 0, waiting: 500, batchSize: 25_000 })).toBe(1_000);
    expect(waitToFillMs({ fill, waitedMs: 14_600, waiting: 500, batchSize: 25_000 })).toBe(400);
    expect(waitToFillMs({ fill, waitedMs: 15_000, waiting: 500, batchSize: 25_000 })).toBe(0);
    expect(waitToFillMs({ fill, waitedMs: 14_997, waiting: 500, batchSize: 25_000 })).toBe(0);
  });
  it('never holds back a full batch, a change too small for the bulk path, or a connector without a window', () => {
    expect(waitToFillMs({ fill, waitedMs: 0, waiting: 25_000, batchSize: 25_000 })).toBe(0);
    expect(waitToFillMs({ fill, waitedMs: 0, waiting: 20, batchSize: 25_000 })).toBe(0);
    expect(waitToFillMs({ fill, waitedMs: 0, waiting: 21, batchSize: 25_000 })).toBe(1_000);
    expect(waitToFillMs({ fill: undefined, waitedMs: 0, waiting: 500, batchSize: 25_000 })).toBe(0);
  });
});

describe('waitToBatchMs', () => {
  it('sleeps what is left of the paced delay, never when a full batch waits or when it would be a few ms', () => {
    expect(waitToBatchMs({ pacedMs: 200, waitedMs: 50, waiting: 10, batchSize: 250 })).toBe(150);
    // A flush offered while another ran has already waited that long.
    expect(waitToBatchMs({ pacedMs: 200, waitedMs: 400, waiting: 10, batchSize: 250 })).toBe(0);
    expect(waitToBatchMs({ pacedMs: 200, waitedMs: 0, waiting: 250, batchSize: 250 })).toBe(0);
    expect(waitToBatchMs({ pacedMs: 200, waitedMs: 197, waiting: 1, batchSize: 250 })).toBe(0);
    expect(waitToBatchMs({ pacedMs: 0, waitedMs: 0, waiting: 1, batchSize: 250 })).toBe(0);
  });
});

describe('createFlushPacing', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisServer.url);
  });
  afterAll(() => {
    redis.disconnect();
  });

  // Shaped like Shopify's Standard plan: the connector's own call names, none of them the runner's pushQuantities.
  const connectionWithBucket = (name: string): PipelineConnection => {
    const limiter = createRateLimiter({
      redis,
      account: `pacing-${randomUUID()}`,
      policy: {
        source: 'test',
        operations: {
          SetAvailableQuantities: { kind: 'cost-bucket', capacity: 1_000, restorePerSecond: 100, bucket: 'graphql' },
        },
      },
    });
    return { name, connector: { connector: 'test', connection: name } as unknown as ConnectorV2, limiter };
  };

  it('reads the bucket the connector draws from: at once while full, longer as the bucket empties', async () => {
    const shop = connectionWithBucket('shop');
    let clock = 0;
    const pacing = createFlushPacing({
      connections: new Map([['shop', shop]]),
      debounceMs: 250,
      now: () => clock,
    });
    expect(await pacing.delayFor('shop')).toBe(0);
    await shop.limiter?.acquire('SetAvailableQuantities', 900);
    // The reading is reused while fresh: a flush offered by every apply job costs no Redis call each.
    expect(await pacing.delayFor('shop')).toBe(0);
    clock += 50;
    const drawn = await pacing.delayFor('shop');
    expect(drawn).toBeGreaterThan(150);
    expect(drawn).toBeLessThanOrEqual(225);
    await shop.limiter?.pause('SetAvailableQuantities', 60_000);
    clock += 50;
    expect(await pacing.delayFor('shop')).toBe(250);
  });

  it('does not hold back a connection without a limiter, nor anything when the debounce is 0', async () => {
    const shop = connectionWithBucket('shop');
    await shop.limiter?.pause('SetAvailableQuantities', 60_000);
    const free: PipelineConnection = { ...shop, name: 'files', limiter: undefined };
    const connections = new Map([
      ['shop', shop],
      ['files', free],
    ]);
    expect(await createFlushPacing({ connections, debounceMs: 250 }).delayFor('files')).toBe(0);
    expect(await createFlushPacing({ connections, debounceMs: 0 }).delayFor('shop')).toBe(0);
    expect(await createFlushPacing({ connections, debounceMs: 250 }).delayFor('shop')).toBe(250);
  });
});
