import type { RedisConnections } from '../runtime/redis-connections.ts';
import { describeRedisTarget, parseRedisTarget, RedisUrlError } from '../runtime/redis-target.ts';
import { UsageError } from './usage-error.ts';

export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/**
 * `--redis-url`, else `REDIS_URL`, else a local Redis. A cluster is `redis+cluster://host1:port1,host2:port2`; a
 * malformed one is a usage error here rather than a connection that never comes up.
 */
export function resolveRedisUrl(option: string | undefined, environment: NodeJS.ProcessEnv): string {
  const url = option ?? (environment.REDIS_URL || defaultRedisUrl);
  try {
    parseRedisTarget(url);
  } catch (error) {
    if (RedisUrlError.isInstance(error)) throw new UsageError(`--redis-url (or REDIS_URL) ${error.message}`);
    throw error;
  }
  return url;
}

/** The URL without its password, for messages. */
export const describeRedisUrl = describeRedisTarget;

const unavailableErrorMarker = Symbol.for('stockwire.runner.unavailable');

/** Something a command needs is not there (Redis, the port to listen on). Exit code 3. */
export class UnavailableError extends Error {
  readonly [unavailableErrorMarker] = true;
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnavailableError';
  }

  static isInstance(value: unknown): value is UnavailableError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[unavailableErrorMarker] === true
    );
  }
}

/** One-shot commands fail fast and clearly instead of waiting on a Redis that is not there. */
export async function requireRedis(connections: Pick<RedisConnections, 'ping'>, url: string): Promise<void> {
  if (!(await connections.ping(5_000))) {
    throw new UnavailableError(
      `cannot reach Redis at ${describeRedisUrl(url)}; start it, or point --redis-url (or REDIS_URL) at the Redis ` +
        'the runners use',
    );
  }
}
