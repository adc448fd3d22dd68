import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

/**
 * Logs a warning once per `intervalMs` per key, and says how many were left out since: a storm of forged webhooks
 * (2,100 warn lines from one storm in the probe, #23.7) becomes one line per connection per minute.
 */
export function createAggregatedWarnLog(intervalMs = 60_000) {
  const seen = new Map<string, { loggedAt: number; leftOut: number }>();
  return (log: FastifyBaseLogger, key: string, context: Record<string, unknown>, message: string) => {
    const now = Date.now();
    const entry = seen.get(key);
    if (entry !== undefined && now - entry.loggedAt < intervalMs) {
      entry.leftOut++;
      return;
    }
    log.warn({ ...context, leftOutSinceLastLine: entry?.leftOut ?? 0 }, message);
    seen.set(key, { loggedAt: now, leftOut: 0 });
    // Keys are connection names (bounded by the configuration), but an unknown one must not grow this for ever.
    if (seen.size > 1_000) seen.delete(seen.keys().next().value as string);
  };
}

export interface SignInLimitOptions {
  /** Wrong tokens allowed per client address within `windowMs`; the next attempt is answered 429. */
  readonly maximumFailures?: number;
  readonly windowMs?: number;
}

const signInPath = '/dashboard/session';

/**
 * Dashboard sign-in had no attempt limit (#23.7): after `maximumFailures` wrong tokens from one address within the
 * window, every sign-in from it is answered 429 with Retry-After until the oldest failure leaves the window, even
 * with the right token, so guessing stays as slow as the limit. The token is compared in constant time already.
 */
export function installSignInLimit(app: FastifyInstance, options: SignInLimitOptions = {}): void {
  const maximumFailures = options.maximumFailures ?? 10;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const failures = new Map<string, number[]>();
  const recent = (address: string, now: number) =>
    (failures.get(address) ?? []).filter((time) => now - time < windowMs);

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'POST' || request.url !== signInPath) return;
    const now = Date.now();
    const times = recent(request.ip, now);
    if (times.length < maximumFailures) return;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowMs - (now - (times[0] ?? now))) / 1_000));
    request.log.warn({ ip: request.ip, failures: times.length }, 'dashboard sign-in refused: too many wrong tokens');
    return reply
      .code(429)
      .header('retry-after', String(retryAfterSeconds))
      .send({ error: `too many wrong admin tokens from this address; try again in ${retryAfterSeconds} s` });
  });

  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'POST' || request.url !== signInPath || reply.statusCode !== 401) return;
    const now = Date.now();
    const times = [...recent(request.ip, now), now].slice(-maximumFailures);
    // Re-inserted, so the map's order is by last failure and the oldest address is the one dropped below.
    failures.delete(request.ip);
    failures.set(request.ip, times);
    // One entry per address that failed lately; a spray from many addresses must not grow this without bound.
    if (failures.size > 10_000) failures.delete(failures.keys().next().value as string);
  });
}
