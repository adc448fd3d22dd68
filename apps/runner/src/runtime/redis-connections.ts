import { Redis } from 'ioredis';
import { settlesWithin } from './within.ts';

/**
 * The runner's two Redis connections. Job queues need `maxRetriesPerRequest: null` (BullMQ's blocking commands
 * must wait out a Redis restart instead of failing); everything else (engine, limiter, cursors, dead letters) keeps
 * ioredis' bounded retries, so a Redis outage fails the job, which BullMQ retries, rather than hanging it.
 */
export interface RedisConnections {
  readonly commands: Redis;
  readonly jobs: Redis;
  /** Answers within `timeoutMs` whether Redis is reachable. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export function openRedisConnections(redisUrl: string): RedisConnections {
  const commands = new Redis(redisUrl, { connectionName: 'stockwire-runner' });
  const jobs = new Redis(redisUrl, { connectionName: 'stockwire-jobs', maxRetriesPerRequest: null });
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
