import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnectorState } from './redis-connector-state.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(server.url);
});
afterAll(() => redis.disconnect());

describe('createRedisConnectorState', () => {
  it('shares JSON values between two stores of the same connection, as two runner processes would', async () => {
    const first = createRedisConnectorState(redis, '{stockwire:state:amazon}');
    const second = createRedisConnectorState(new Redis(server.url), '{stockwire:state:amazon}');
    await first.setMany([
      ['feed:F1', { feedId: 'F1', messages: [{ sku: 'A', quantity: 3 }] }],
      ['feed-of:ATVPDKIKX0DER:A', 'F1'],
    ]);
    expect(await second.get('feed-of:ATVPDKIKX0DER:A')).toBe('F1');
    expect(await second.getMany(['feed:F1', 'feed:F2'])).toEqual([
      { feedId: 'F1', messages: [{ sku: 'A', quantity: 3 }] },
      undefined,
    ]);
    await second.delete('feed-of:ATVPDKIKX0DER:A');
    expect(await first.get('feed-of:ATVPDKIKX0DER:A')).toBeUndefined();
    expect(await createRedisConnectorState(redis, '{stockwire:state:shop}').get('feed:F1')).toBeUndefined();
  });
});
