import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

/** A standalone client or a cluster: every script keeps all its keys in one hash slot, so both work. */
export type RedisConnection = Redis | Cluster;

export interface RedisScript {
  readonly sha: string;
  /** Runs the script atomically on the server: EVALSHA, loading it with EVAL the first time a server lacks it. */
  run(redis: RedisConnection, keys: readonly string[], values: readonly (string | number)[]): Promise<unknown>;
}

export function defineRedisScript(lua: string): RedisScript {
  const sha = createHash('sha1').update(lua).digest('hex');
  return {
    sha,
    async run(redis, keys, values) {
      const argumentsList = [...keys, ...values];
      try {
        return await redis.evalsha(sha, keys.length, ...argumentsList);
      } catch (error) {
        // A restarted server or a new cluster node has an empty script cache; EVAL sends the body once.
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await redis.eval(lua, keys.length, ...argumentsList);
      }
    },
  };
}

/** Reads the `{granted, waitMs, ...}` arrays our scripts return. */
export function readScriptReply(reply: unknown, script: string): [number, number, string | undefined] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'number' || typeof reply[1] !== 'number') {
    throw new Error(`the ${script} script returned an unexpected reply: ${JSON.stringify(reply)}`);
  }
  return [reply[0], reply[1], typeof reply[2] === 'string' ? reply[2] : undefined];
}
