import type { RedisConnection } from '@stockwire/connector-kit';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';

/**
 * A connection's durable state as one Redis hash of JSON values: every runner process of the connection reads and
 * writes the same one. One hash (one hash tag) keeps multi-key writes atomic and Redis Cluster-safe.
 */
export function createRedisConnectorState(redis: RedisConnection, key: string): ConnectorStateStoreV2 {
  const parse = <Value>(raw: string | null | undefined): Value | undefined =>
    raw === null || raw === undefined ? undefined : (JSON.parse(raw) as Value);
  return {
    get: async (field) => parse(await redis.hget(key, field)),
    async getMany(fields) {
      if (fields.length === 0) return [];
      return (await redis.hmget(key, ...fields)).map((raw) => parse(raw));
    },
    async set(field, value) {
      await redis.hset(key, field, JSON.stringify(value));
    },
    async setMany(entries) {
      if (entries.length === 0) return;
      await redis.hset(key, Object.fromEntries(entries.map(([field, value]) => [field, JSON.stringify(value)])));
    },
    async delete(...fields) {
      if (fields.length > 0) await redis.hdel(key, ...fields);
    },
  };
}
