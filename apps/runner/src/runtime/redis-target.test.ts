import { describe, expect, it } from 'vitest';
import { resolveRedisUrl } from '../cli-support/redis-url.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { describeRedisTarget, parseRedisTarget, passwordOfRedisTarget } from './redis-target.ts';

describe('a Redis URL names one server or a cluster', () => {
  it('leaves a single server URL to ioredis', () => {
    expect(parseRedisTarget('redis://:pw@127.0.0.1:6379/2')).toEqual({
      kind: 'server',
      url: 'redis://:pw@127.0.0.1:6379/2',
    });
  });

  it('reads seed nodes, credentials and TLS from a cluster URL', () => {
    expect(parseRedisTarget('rediss+cluster://admin:s%40cret@10.0.0.5:7000,[::1]:7001,cache.internal')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.5', port: 7000 },
        { host: '::1', port: 7001 },
        { host: 'cache.internal', port: 6379 },
      ],
      username: 'admin',
      password: 's@cret',
      tls: true,
    });
    expect(parseRedisTarget('redis+cluster://127.0.0.1:7000/')).toMatchObject({ tls: false, password: undefined });
  });

  it('refuses a database or a malformed node, naming the URL without its password', () => {
    expect(() => parseRedisTarget('redis+cluster://:hunter2@127.0.0.1:7000/3')).toThrow(
      'redis+cluster://:***@127.0.0.1:7000/3: a Redis Cluster URL lists seed nodes only',
    );
    expect(() => parseRedisTarget('redis+cluster://127.0.0.1:7000,127.0.0.1:99999')).toThrow(
      '"127.0.0.1:99999" is not a seed node',
    );
    expect(() => resolveRedisUrl('redis+cluster://a:1,,b:2', {})).toThrow(UsageError);
  });

  it('hides the password of either kind of URL, and gives it to the log redaction', () => {
    expect(describeRedisTarget('redis://:pw@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(describeRedisTarget('redis+cluster://user:p@ss@h1:1,h2:2')).toBe('redis+cluster://user:***@h1:1,h2:2');
    expect(passwordOfRedisTarget('redis+cluster://user:p%40ss@h1:1')).toBe('p@ss');
    expect(passwordOfRedisTarget('redis://:pw@127.0.0.1:6379')).toBe('pw');
    expect(passwordOfRedisTarget('redis://127.0.0.1:6379')).toBeUndefined();
  });
});
