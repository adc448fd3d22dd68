import type { RedisConnections } from '../runtime/redis-connections.ts';

export const defaultRedisUrl = 'redis://127.0.0.1:6379';

/** `--redis-url`, else `REDIS_URL`, else a local Redis. */
export function resolveRedisUrl(option: string | undefined, environment: NodeJS.ProcessEnv): string {
  return option ?? (environment.REDIS_URL || defaultRedisUrl);
}

/** The URL without its password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable Redis URL)';
  }
}

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
