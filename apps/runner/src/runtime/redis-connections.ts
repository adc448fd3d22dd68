import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { describeRedisTarget, parseRedisTarget, type RedisTarget } from './redis-target.ts';
import { settlesWithin } from './within.ts';

/** A single Redis or a Redis Cluster: every runner key an atomic step touches shares one hash tag, so both work. */
export type RedisClient = Redis | Cluster;

/** How the Redis' memory stands, as `INFO memory` tells it (every master of a cluster; the worst one wins). */
export interface RedisMemoryState {
  /** `maxmemory-policy`; anything but `noeviction` lets Redis delete stock records to make room (#23.3). */
  readonly policy: string;
  /**
   * Used memory is within 2 % of `maxmemory`: under `noeviction`, Redis then refuses writes (OOM) — a command is
   * refused when its own bytes would cross the line, so "exactly at the limit" is never what INFO shows.
   */
  readonly full: boolean;
}

/**
 * The runner's three Redis connections. Job queues need `maxRetriesPerRequest: null` (BullMQ's blocking commands
 * must wait out a Redis restart instead of failing); the engine, limiter, cursors and dead letters keep ioredis'
 * bounded retries, so a Redis outage fails the job, which BullMQ retries, rather than hanging it. The HTTP path
 * (webhooks enqueued, replays) has a connection of its own that queues nothing while Redis is away and times its
 * commands out: a caller gets a 503 at once instead of waiting out the outage (#23.5).
 */
export interface RedisConnections {
  readonly commands: RedisClient;
  readonly jobs: RedisClient;
  /** For answers that must come at once: no offline queue, a command timeout. */
  readonly http: RedisClient;
  /** Answers within `timeoutMs` whether Redis is reachable. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Whether the connections are up right now (no round trip): false while ioredis reconnects. */
  connected(): boolean;
  /** Waits until every connection is up; throws RedisUnavailableError after `timeoutMs`. */
  waitUntilConnected(timeoutMs: number): Promise<void>;
  memory(): Promise<RedisMemoryState>;
  close(): Promise<void>;
}

/** How long one command on the HTTP connection may take before the request is answered 503. */
export const httpCommandTimeoutMs = 2_000;

/** `redisUrl` is `redis://…`, `rediss://…` or a cluster's `redis+cluster://host:port,…` (see redis-target.ts). */
export function openRedisConnections(redisUrl: string): RedisConnections {
  const target = parseRedisTarget(redisUrl);
  const commands = openClient(target, { connectionName: 'stockwire-runner' });
  const jobs = openClient(target, { connectionName: 'stockwire-jobs', maxRetriesPerRequest: null });
  const http = openClient(target, {
    connectionName: 'stockwire-http',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: httpCommandTimeoutMs,
  });
  const clients = [commands, jobs, http];
  // Errors surface on the commands that fail; an unhandled 'error' event would crash the process instead.
  for (const client of clients) client.on('error', () => {});
  return {
    commands,
    jobs,
    http,
    ping: (timeoutMs = 1_000) => pingWithin(commands, timeoutMs),
    connected: () => clients.every((client) => client.status === 'ready'),
    async waitUntilConnected(timeoutMs) {
      const connected = Promise.all(clients.map((client) => untilReady(client)));
      if (!(await settlesWithin(connected, timeoutMs)) || !clients.every((client) => client.status === 'ready')) {
        throw new RedisUnavailableError(
          `cannot reach Redis at ${describeRedisTarget(redisUrl)} within ${timeoutMs} ms; start it, or point ` +
            '--redis-url (or REDIS_URL) at the Redis the runners use (STOCKWIRE_REDIS_CONNECT_TIMEOUT_MS sets the wait)',
        );
      }
    },
    memory: () => readMemoryState(commands),
    async close() {
      // QUIT lets replies in flight arrive; a client that is not connected has nothing to wait for.
      await Promise.all(
        clients.map(async (client) => {
          if (client.status !== 'ready' || !(await settlesWithin(client.quit(), 2_000))) client.disconnect();
        }),
      );
    },
  };
}

async function pingWithin(client: RedisClient, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answer = client.ping().then(
    (reply) => reply === 'PONG',
    () => false,
  );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function untilReady(client: RedisClient): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}

async function readMemoryState(client: RedisClient): Promise<RedisMemoryState> {
  const nodes = client instanceof Cluster ? client.nodes('master') : [client];
  const states = await Promise.all(nodes.map(async (node) => parseMemoryInfo(await node.info('memory'))));
  const evicting = states.find((state) => state.policy !== 'noeviction');
  return { policy: (evicting ?? states[0])?.policy ?? 'unknown', full: states.some((state) => state.full) };
}

const fullShare = 0.98;

/** `INFO memory` rather than `CONFIG GET`: managed Redis services often rename or forbid CONFIG. */
export function parseMemoryInfo(info: string): RedisMemoryState {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const used = Number(field('used_memory'));
  const maximum = Number(field('maxmemory'));
  return { policy: field('maxmemory_policy') ?? 'unknown', full: maximum > 0 && used >= maximum * fullShare };
}

const redisUnavailableErrorMarker = Symbol.for('stockwire.runner.redis-unavailable');

/** Redis cannot be reached, or will not keep what the runner writes. The CLI exits 3. */
export class RedisUnavailableError extends Error {
  readonly [redisUnavailableErrorMarker] = true;
  readonly retryable: boolean;

  constructor(message: string, options: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RedisUnavailableError';
    this.retryable = options.retryable ?? true;
  }

  static isInstance(value: unknown): value is RedisUnavailableError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[redisUnavailableErrorMarker] === true
    );
  }
}

/** Refuses a Redis that may evict keys: eviction deletes stock records silently and the runner pushes 0 (#23.3). */
export function evictionPolicyError(policy: string, redisUrl: string): RedisUnavailableError {
  return new RedisUnavailableError(
    `Redis at ${describeRedisTarget(redisUrl)} has maxmemory-policy ${policy}; Stockwire needs noeviction, because ` +
      'any other policy lets Redis delete stock records when memory runs short. Set `maxmemory-policy noeviction` ' +
      '(redis.conf, or CONFIG SET maxmemory-policy noeviction; on a managed Redis, its parameter group)',
    { retryable: false },
  );
}

function openClient(target: RedisTarget, options: RedisOptions): RedisClient {
  if (target.kind === 'server') return new Redis(target.url, options);
  const { enableOfflineQueue, ...nodeOptions } = options;
  const clusterOptions: ClusterOptions = {
    // BullMQ reads `maxRetriesPerRequest` from here on a cluster: it must be null on the jobs connection.
    redisOptions: {
      ...nodeOptions,
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
      ...(target.tls ? { tls: {} } : {}),
    },
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
  };
  return new Cluster([...target.nodes], clusterOptions);
}

/** What readiness reports of Redis' memory: `evicting` and `full` make the runner unready. */
export type RedisMemoryHealth = 'ok' | 'full' | 'evicting' | 'unknown';

export interface RedisMemoryWatch {
  health(): RedisMemoryHealth;
  /** A command was refused with OOM: unready at once, without waiting for the next look. */
  noteOutOfMemory(): void;
  /** Looks now (readiness calls it when the last look is older than the interval). */
  refresh(): Promise<RedisMemoryHealth>;
  stop(): void;
}

interface MemoryWatchLogger {
  error(object: object, message: string): void;
  warn(object: object, message: string): void;
  info(object: object, message: string): void;
}

/**
 * Looks at `maxmemory-policy` and used memory every `intervalMs`: a policy changed away from `noeviction` while the
 * runner runs, or a full Redis, makes the runner unready and is logged as an error once per change (#23.3).
 */
export function watchRedisMemory(
  redis: Pick<RedisConnections, 'memory'>,
  logger: MemoryWatchLogger,
  intervalMs = 5_000,
): RedisMemoryWatch {
  let health: RedisMemoryHealth = 'unknown';
  let lookedAt = 0;
  const report = (next: RedisMemoryHealth, policy?: string) => {
    if (next === health) return;
    if (next === 'evicting')
      logger.error(
        { maxmemoryPolicy: policy },
        'Redis may now evict keys (maxmemory-policy is not noeviction): unready',
      );
    else if (next === 'full') logger.error({}, 'Redis is full and refuses writes (OOM): unready until memory is freed');
    else if (next === 'ok' && health !== 'unknown') logger.info({}, 'Redis memory is fine again');
    health = next;
  };
  const refresh = async () => {
    lookedAt = Date.now();
    try {
      const state = await redis.memory();
      report(state.policy !== 'noeviction' ? 'evicting' : state.full ? 'full' : 'ok', state.policy);
    } catch {
      // Unreachable: readiness says so through its ping; the memory stays as last seen.
    }
    return health;
  };
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return {
    health: () => health,
    noteOutOfMemory: () => report('full'),
    refresh: () => (Date.now() - lookedAt >= intervalMs || health !== 'ok' ? refresh() : Promise.resolve(health)),
    stop: () => clearInterval(timer),
  };
}
