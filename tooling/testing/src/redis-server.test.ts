import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedisServer } from './redis-server.ts';

describe('startRedisServer', () => {
  it('starts a real server on a random loopback port that answers commands, and stops it', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    await client.connect();
    await client.set('greeting', 'hello');
    expect(await client.get('greeting')).toBe('hello');
    const info = await client.info('server');
    expect(info).toMatch(new RegExp(`tcp_port:${server.port}`));
    client.disconnect();
    await server.stop();
    const after = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  });

  it('gives two servers started together two different ports and separate data', async () => {
    const [first, second] = await Promise.all([startRedisServer(), startRedisServer()]);
    expect(first.port).not.toBe(second.port);
    const a = new Redis(first.url);
    const b = new Redis(second.url);
    await a.set('only-here', '1');
    expect(await b.exists('only-here')).toBe(0);
    a.disconnect();
    b.disconnect();
    await Promise.all([first.stop(), second.stop()]);
  });
});
