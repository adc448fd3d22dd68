import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RedisUnavailableError } from '../runtime/redis-connections.ts';

/** Seconds a vendor or script is asked to wait before it tries again while Redis is away or full. */
export const redisRetryAfterSeconds = 5;

/** What ioredis and Redis say when a command cannot be run now: unreachable, timed out, or refused for memory. */
const unavailableMessages = [
  /^OOM /,
  /enableOfflineQueue options is false/,
  /^Connection is closed/,
  /^Command timed out/,
  /Reached the max retries per request limit/,
  /ECONNREFUSED|ECONNRESET|EPIPE/,
  /^LOADING /,
  /^MASTERDOWN /,
  /^CLUSTERDOWN /,
];

/** Whether the request failed because Redis is unavailable (a 503 worth retrying), not because of a bug. */
export function isRedisUnavailable(error: unknown): boolean {
  if (RedisUnavailableError.isInstance(error)) return true;
  if (!(error instanceof Error)) return false;
  return unavailableMessages.some((pattern) => pattern.test(error.message));
}

export const isOutOfMemory = (error: unknown) => error instanceof Error && /^OOM /.test(error.message);

function answerUnavailable(reply: FastifyReply, reason: string) {
  return reply
    .code(503)
    .header('retry-after', String(redisRetryAfterSeconds))
    .send({ error: `${reason}; try again in ${redisRetryAfterSeconds} s` });
}

interface RedisAware {
  redisRefusal(): string | undefined;
  noteRedisOutOfMemory(): void;
}

/**
 * Webhooks and the admin API need Redis for every answer. While it is away they answer 503 with Retry-After at
 * once (#23.5: they hung for the whole outage). While it is full (OOM under noeviction) they answer 503 too, not a
 * 500 (#23.3): a delivery taken now could not be applied (Lua scripts may still write, plain commands may not), so
 * the vendor is asked to send it again later. Every other failure is a 500 that is logged with its stack, and whose answer names no Redis detail (#23.6).
 */
export function installUnavailableAnswers(app: FastifyInstance, runner: RedisAware): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url;
    const needsRedis = path.startsWith('/webhooks/') || path === '/admin' || path.startsWith('/admin/');
    const refusal = needsRedis ? runner.redisRefusal() : undefined;
    if (refusal !== undefined) return answerUnavailable(reply, refusal);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation !== undefined) {
      // e.g. "querystring/search must be string" (a repeated parameter arrives as a list).
      return reply.code(400).send({ error: `invalid request: ${error.message}` });
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: error.message });
    }
    if (isRedisUnavailable(error)) {
      if (isOutOfMemory(error)) runner.noteRedisOutOfMemory();
      request.log.warn({ url: request.url, reason: error.message }, 'answered 503: Redis is unavailable');
      return answerUnavailable(reply, isOutOfMemory(error) ? 'Redis is full' : 'Redis is unavailable');
    }
    request.log.error({ err: error, method: request.method, url: request.url }, 'request failed (500)');
    return reply.code(500).send({ error: 'internal error; the runner logged it' });
  });
}
