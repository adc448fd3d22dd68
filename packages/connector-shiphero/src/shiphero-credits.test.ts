import { randomUUID } from 'node:crypto';
import { createConnectionMapping, createRateLimiter } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createShipHeroSandbox, type ShipHeroSandbox } from './sandbox/index.ts';
import { createShipHeroConnector } from './shiphero-connector.ts';
import { shipHeroRateLimits } from './shiphero-rate-limits.ts';
import { connection, primary, testConfiguration } from './test-support/shiphero-test-configuration.ts';

const redisServer = useRedisServer();
const mapping = createConnectionMapping(buildCatalog(testConfiguration), connection);

describe('ShipHero credits through the shared cost bucket', () => {
  let redis: Redis;
  let sandbox: ShipHeroSandbox | undefined;
  beforeAll(() => {
    redis = new Redis(redisServer.url);
  });
  afterAll(() => redis.disconnect());
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  const connectorOver = (remote: ShipHeroSandbox, account: string, settings: Record<string, unknown> = {}) =>
    createShipHeroConnector(
      {
        baseUrl: remote.baseUrl,
        authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
        ...settings,
      } as never,
      {
        mapping,
        environment: { SHIPHERO_REFRESH_TOKEN: remote.refreshToken },
        sharedLimiter: (policy) => createRateLimiter({ redis, account, policy }),
      },
    );

  it('adopts the account’s user_quota before the first page, then refuses what the bucket cannot hold without asking ShipHero', async () => {
    // The account is smaller than the 1,001 credits assumed: 30, restored at 1 a second.
    sandbox = await createShipHeroSandbox({ credits: { maximum: 30, restorePerSecond: 1 } });
    const remote = sandbox;
    remote.addWarehouse(76_733);
    for (const sku of ['TEE-BLUE-M', 'SOCKS-RED']) remote.setLevel(sku, primary, { on_hand: 4 });
    const account = `shiphero-${randomUUID()}`;
    const connector = connectorOver(remote, account, { pageSize: 20 });

    // user_quota (1 credit), then a page of first: 20 (21 credits): 8 left, by ShipHero's count and ours.
    await connector.snapshot?.read({});
    expect(remote.exchanges.map((exchange) => exchange.spent)).toEqual([1, 21]);
    const key = createRateLimiter({ redis, account, policy: shipHeroRateLimits() }).keyFor('WarehouseProductsPage');
    const bucket = await redis.hgetall(key);
    expect(Number(bucket.capacity)).toBe(30);
    expect(Number(bucket.restore)).toBe(1);

    // Another page needs 21 of the ~8 left: the shared bucket refuses with the wait, and ShipHero never sees it.
    const refused = await connector.snapshot?.read({}).catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'RateLimitedError', refusedBy: 'shared-limiter' });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(10_000);
    expect(remote.exchanges).toHaveLength(2);
    expect(remote.credits.refusals).toEqual([]);
  });

  it('a throttled answer (code 30) pauses every process of the account for ShipHero’s wait', async () => {
    sandbox = await createShipHeroSandbox();
    const remote = sandbox;
    remote.addWarehouse(76_733);
    const account = `shiphero-${randomUUID()}`;
    await connectorOver(remote, account).snapshot?.read({});
    remote.storm(9);
    await expect(connectorOver(remote, account).snapshot?.read({})).rejects.toMatchObject({
      name: 'RateLimitedError',
      retryAfterMs: 9_000,
    });
    remote.calm();
    const calls = remote.exchanges.length;
    // A second process of the same account is held back by the pause, without a call to ShipHero.
    await expect(connectorOver(remote, account).snapshot?.read({})).rejects.toMatchObject({
      name: 'RateLimitedError',
      refusedBy: 'shared-limiter',
    });
    expect(remote.exchanges).toHaveLength(calls);
  });
});
