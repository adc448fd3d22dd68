import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { parseRedisTarget, type RedisTarget } from './redis-target.ts';
import { settlesWithin } from './within.ts';

/** A single Redis or a Redis Cluster: every runner key an atomic step touches shares one hash tag, so both work. */
export type RedisClient = Redis | Cluster;

/**
 * The runner's two Redis connections. Job queues need `maxRetriesPerRequest: null` (BullMQ's blocking commands
 * must wait out a Redis restart instead of failing); everything else (engine, limiter, cursors, dead letters) keeps
 * ioredis' bounded retries, so a Redis outage fails the job, which BullMQ retries, rather than hanging it.
 */
export interface RedisConnections {
  readonly commands: RedisClient;
  readonly jobs: RedisClient;
  /** Answers within `timeoutMs` whether Redis is reachable. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/** `redisUrl` is `redis://…`, `rediss://…` or a cluster's `redis+cluster://host:port,…` (see redis-target.ts). */
export function openRedisConnections(redisUrl: string): RedisConnections {
  const target = parseRedisTarget(redisUrl);
  const commands = openClient(target, { connectionName: 'stockwire-runner' });
  const jobs = openClient(target, { connectionName: 'stockwire-jobs', maxRetriesPerRequest: null });
  // Errors surface on the commands that fail; an unhandled 'error' event would crash the process instead.
  commands.on('error', () => {});
  jobs.on('error', () => {});
  return {
    commands,
    jobs,
    async ping(timeoutMs = 1_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const answer = commands.ping().then(
        (reply) => reply === 'PONG',
        () => false,
      );
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      // QUIT lets replies in flight arrive; a client that is not connected has nothing to wait for.
      await Promise.all(
        [commands, jobs].map(async (client) => {
          if (client.status !== 'ready' || !(await settlesWithin(client.quit(), 2_000))) client.disconnect();
        }),
      );
    },
  };
}

function openClient(target: RedisTarget, options: RedisOptions): RedisClient {
  if (target.kind === 'server') return new Redis(target.url, options);
  const clusterOptions: ClusterOptions = {
    // BullMQ reads `maxRetriesPerRequest` from here on a cluster: it must be null on the jobs connection.
    redisOptions: {
      ...options,
      ...(target.username === undefined ? {} : { username: target.username }),
      ...(target.password === undefined ? {} : { password: target.password }),
      ...(target.tls ? { tls: {} } : {}),
    },
  };
  return new Cluster([...target.nodes], clusterOptions);
}
