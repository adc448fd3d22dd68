import { randomUUID } from 'node:crypto';
import type { ComputedChannelQuantity } from '@stockwire/engine';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { markPendingSince, marksPerCall } from './pending-since.ts';

const server = useRedisServer();
const clients: Redis[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.quit();
});

// Only the parts markPendingSince reads; the rows are what the engine's projection answers.
function contextOn(redis: Redis): PipelineContext {
  const channelConnections = new Map([
    ['web', 'shop'],
    ['pos', 'till'],
  ]);
  return { redis, keys: createRunnerKeys(`pending-${randomUUID()}`), channelConnections } as unknown as PipelineContext;
}

const row = (channel: string, sku: string, needsPush: boolean) =>
  ({ channel, sku, needsPush }) as unknown as ComputedChannelQuantity;

async function callsOf(redis: Redis, command: string): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

describe('markPendingSince (#14)', () => {
  it('keeps the first mark, marks only rows waiting for a push, per connection, in one call each', async () => {
    const redis = new Redis(server.url);
    clients.push(redis);
    const context = contextOn(redis);
    await markPendingSince(context, [row('web', 'A', true), row('web', 'B', false), row('pos', 'A', true)], 1_000);
    const evalBefore = await callsOf(redis, 'eval');
    await markPendingSince(
      context,
      [row('web', 'A', true), row('web', 'C', true), row('pos', 'B', true), row('unknown', 'A', true)],
      2_000,
    );
    // Two connections: two script calls (a command per row before).
    expect((await callsOf(redis, 'eval')) - evalBefore).toBe(2);
    expect(await redis.hgetall(context.keys.pendingSince('shop'))).toEqual({ 'web A': '1000', 'web C': '2000' });
    expect(await redis.hgetall(context.keys.pendingSince('till'))).toEqual({ 'pos A': '1000', 'pos B': '2000' });
  });

  it('splits a huge apply into bounded calls and marks every row', async () => {
    const redis = new Redis(server.url);
    clients.push(redis);
    const context = contextOn(redis);
    const rows = Array.from({ length: marksPerCall * 2 + 1 }, (_, index) => row('web', `S${index}`, true));
    const evalBefore = await callsOf(redis, 'eval');
    await markPendingSince(context, rows, 5);
    expect((await callsOf(redis, 'eval')) - evalBefore).toBe(3);
    expect(await redis.hlen(context.keys.pendingSince('shop'))).toBe(rows.length);
  });
});
