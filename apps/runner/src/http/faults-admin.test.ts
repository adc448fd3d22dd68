import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-input-tests-41be';
let runner: RunnerProcess;

beforeAll(async () => {
  const world = await createSyncWorld();
  runner = await startRunnerProcess({
    configurationFile: world.configurationFile,
    redisUrl: redis.url,
    environment: { STOCKWIRE_ADMIN_TOKEN: adminToken },
  });
}, 60_000);
afterAll(async () => {
  await runner?.stop('SIGTERM');
});

async function admin(path: string, method = 'GET') {
  const response = await fetch(`${runner.url}${path}`, { method, headers: { authorization: `Bearer ${adminToken}` } });
  return { status: response.status, body: (await response.json()) as { error?: string } };
}

describe('bad admin input is a 400 naming the parameter, never a 500 with a Redis error (#23.6)', () => {
  it('refuses a repeated search parameter', async () => {
    const answer = await admin('/admin/status?search=a&search=b');
    expect(answer).toEqual({ status: 400, body: { error: 'invalid request: querystring/search must be string' } });
  });

  it('refuses a malformed before cursor of the dead letters', async () => {
    const answer = await admin('/admin/dead-letters?before=not-an-id');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^invalid request: querystring\/before must match pattern/);
  });

  it('refuses a garbage dead-letter id, to read or to replay, and a limit that is not a number', async () => {
    for (const [path, method] of [
      ['/admin/dead-letters/garbage', 'GET'],
      ['/admin/dead-letters/%27%3B--/replay', 'POST'],
      ['/admin/drifts?limit=lots', 'GET'],
    ] as const) {
      const answer = await admin(path, method);
      expect(answer.status, path).toBe(400);
      expect(answer.body.error, path).toMatch(/^invalid request: (params\/id|querystring\/limit) must/);
      expect(answer.body.error, path).not.toMatch(/ERR|Redis|stream/i);
    }
  });

  it('still answers well-formed requests: a valid id that is not there is a 404, a page of status a 200', async () => {
    expect((await admin('/admin/dead-letters/1-0')).status).toBe(404);
    expect((await admin('/admin/dead-letters?before=1700000000000-0&limit=5')).status).toBe(200);
    expect((await admin('/admin/status?sku=SKU-A&sku=SKU-B&limit=10')).status).toBe(200);
    expect(runner.output()).not.toContain('request failed (500)');
  });
});
