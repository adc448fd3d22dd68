import { useRedisServer } from '@stockwire/testing';
import { Queue } from 'bullmq';
import { type FastifyInstance, fastify } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueBoardPath, queueBoardRoutes } from './queue-board-routes.ts';

// The queue board is built on its first request and answered through a Fastify instance of its own (#14): these
// check that what a browser gets is still bull-board's page, assets and API, with the runner's policy header.
const redis = useRedisServer();
let connection: Redis;
let queue: Queue;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  queue = new Queue('board-test', { connection, prefix: 'queue-board-test' });
  await queue.add('apply', { n: 1 }, { delay: 60_000 });
  app = fastify();
  await app.register(queueBoardRoutes, { runner: { queues: new Map([['board-test', queue]]) } });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await queue?.close();
  connection?.disconnect();
});

describe('the queue board at /admin/queues', () => {
  it("serves bull-board's page with the runner's title and content security policy", async () => {
    const response = await fetch(`${base}${queueBoardPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await response.text();
    expect(page).toContain('Stockwire queues');
    // The page's scripts (relative to its <base href>, the board's path) are served whole.
    const baseHref = /<base href="([^"]+)"/.exec(page)?.[1];
    expect(baseHref).toBe(`${queueBoardPath}/`);
    const script = /src="([^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(new URL(script ?? '', `${base}${baseHref}`));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const body = await asset.arrayBuffer();
    expect(body.byteLength).toBeGreaterThan(1_000);
    expect(Number(asset.headers.get('content-length'))).toBe(body.byteLength);
  });

  it('answers the API with the queues and their jobs', async () => {
    const response = await fetch(`${base}${queueBoardPath}/api/queues?activeQueue=board-test&status=delayed&page=1`);
    expect(response.status).toBe(200);
    const listing = (await response.json()) as {
      queues: { name: string; counts: Record<string, number>; jobs: { name: string }[] }[];
    };
    const board = listing.queues.find((candidate) => candidate.name === 'board-test');
    expect(board?.counts.delayed).toBe(1);
    expect(board?.jobs.map((job) => job.name)).toEqual(['apply']);
  });

  it('passes actions on to the queue (pause, resume)', async () => {
    const paused = await fetch(`${base}${queueBoardPath}/api/queues/board-test/pause`, { method: 'PUT' });
    expect(paused.status).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    const resumed = await fetch(`${base}${queueBoardPath}/api/queues/board-test/resume`, { method: 'PUT' });
    expect(resumed.status).toBe(200);
    expect(await queue.isPaused()).toBe(false);
  });

  it('answers 404 for what the board does not have', async () => {
    const response = await fetch(`${base}${queueBoardPath}/api/queues/no-such-queue/pause`, { method: 'PUT' });
    expect(response.status).toBe(404);
  });
});
