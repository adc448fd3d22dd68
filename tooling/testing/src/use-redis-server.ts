import { afterAll, beforeAll } from 'vitest';
import { type RedisServerHandle, type StartRedisServerOptions, startRedisServer } from './redis-server.ts';

/**
 * Starts a real redis-server before the suite and stops it after. Read `.url` inside tests (not at module load):
 * the server exists only once `beforeAll` has run.
 */
export function useRedisServer(options: StartRedisServerOptions = {}): { readonly url: string; readonly port: number } {
  let handle: RedisServerHandle | undefined;
  beforeAll(async () => {
    handle = await startRedisServer(options);
  }, 30_000);
  afterAll(async () => {
    await handle?.stop();
  });
  return {
    get url() {
      if (handle === undefined) throw new Error('useRedisServer: the server is only available inside tests');
      return handle.url;
    },
    get port() {
      if (handle === undefined) throw new Error('useRedisServer: the server is only available inside tests');
      return handle.port;
    },
  };
}
