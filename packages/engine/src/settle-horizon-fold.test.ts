import type { InventoryEvent } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createEnginesAcrossTheHorizon } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString();
const base = { source: 'erp', sku: 'SKU-A', location: 'wh-1' } as const;
const snapshot = (onHand: number, minute: number): InventoryEvent => ({
  ...base,
  kind: 'snapshot',
  idempotencyKey: `snapshot-${minute}`,
  occurredAt: at(minute),
  quantities: { onHand },
});
const receipt = (key: string, quantity: number, occurredAt: string): InventoryEvent => ({
  ...base,
  kind: 'receipt',
  idempotencyKey: key,
  occurredAt,
  quantity,
});

describe('the settle-horizon fold (defect #13.2)', () => {
  it('snapshot 10, +7 then +5 arriving as +5 then +7, folded by a later +1: 23, not 18', async () => {
    const { inTime, later } = createEnginesAcrossTheHorizon(redis);
    await inTime.ingest({ connection: '', events: [snapshot(10, 0)] });
    await inTime.ingest({ connection: '', events: [receipt('plus-5', 5, at(2))] });
    await inTime.ingest({ connection: '', events: [receipt('plus-7', 7, at(1))] });
    expect((await inTime.quantities('SKU-A', 'wh-1')).onHand).toBe(22);
    await later.ingest({ connection: '', events: [receipt('plus-1', 1, new Date().toISOString())] });
    const position = await later.position('SKU-A', 'wh-1');
    // Both old changes were folded into the base (only the recent +1 is still pending), and neither was lost.
    expect(Object.keys(position?.pending ?? {})).toEqual(['plus-1']);
    expect(position?.bases.onHand?.value).toBe(22);
    expect((await later.quantities('SKU-A', 'wh-1')).onHand).toBe(23);
  });

  it('folds the old changes of a position stored before it kept its oldest pending time, on its next change', async () => {
    const { inTime, later, keyPrefix } = createEnginesAcrossTheHorizon(redis);
    await inTime.ingest({ connection: '', events: [snapshot(10, 0), receipt('plus-5', 5, at(2))] });
    await inTime.ingest({ connection: '', events: [receipt('plus-7', 7, at(1))] });
    // An earlier version wrote no 'oldest' field: its positions have pending changes that nothing points at.
    const positionKey = `{${keyPrefix}:sku:SKU-A}:position:wh-1`;
    expect(await redis.hget(positionKey, 'oldest')).toBe(String(Date.parse(at(1))));
    await redis.hdel(positionKey, 'oldest');
    await later.ingest({ connection: '', events: [receipt('plus-1', 1, new Date().toISOString())] });
    const position = await later.position('SKU-A', 'wh-1');
    expect(Object.keys(position?.pending ?? {})).toEqual(['plus-1']);
    expect(position?.bases.onHand?.value).toBe(22);
    expect((await later.quantities('SKU-A', 'wh-1')).onHand).toBe(23);
    // Found out from the index on that fold: the oldest still pending is now the recent +1.
    const oldest = Number(await redis.hget(positionKey, 'oldest'));
    expect(oldest).toBe(position?.pending['plus-1']?.at.timeMs);
  });

  it('refuses a relative change that arrives already older than the horizon, with its own visible reason', async () => {
    const { inTime, later } = createEnginesAcrossTheHorizon(redis);
    await inTime.ingest({ connection: '', events: [snapshot(10, 0), receipt('plus-5', 5, at(2))] });
    const result = await later.ingest({ connection: '', events: [receipt('late-plus-7', 7, at(1))] });
    expect(result.outcomes).toEqual([undefined]);
    expect(result.rejections).toEqual([
      expect.objectContaining({ reason: 'older-than-settle-horizon', index: 0, retryable: false }),
    ]);
    expect(result.rejections[0]?.message).toContain('late-plus-7');
    expect((await later.quantities('SKU-A', 'wh-1')).onHand).toBe(15);
    // Not remembered as processed: a replay is refused the same way, never reported as a duplicate.
    expect(
      (await later.ingest({ connection: '', events: [receipt('late-plus-7', 7, at(1))] })).rejections[0]?.reason,
    ).toBe('older-than-settle-horizon');
  });

  it('refuses a late change the fold moved past, rather than calling it superseded', async () => {
    const { inTime, later } = createEnginesAcrossTheHorizon(redis);
    await inTime.ingest({ connection: '', events: [snapshot(10, 0), receipt('plus-5', 5, at(2))] });
    await later.ingest({ connection: '', events: [receipt('plus-1', 1, new Date().toISOString())] });
    // The folded base stands at +5's time, but +7 happened after the snapshot: it would have counted.
    const result = await later.ingest({ connection: '', events: [receipt('late-plus-7', 7, at(1))] });
    expect(result.rejections.map((rejection) => rejection.reason)).toEqual(['older-than-settle-horizon']);
    expect((await later.quantities('SKU-A', 'wh-1')).onHand).toBe(16);
  });

  it('still calls a late change that a newer absolute value covers superseded: it would change nothing', async () => {
    const { inTime, later } = createEnginesAcrossTheHorizon(redis);
    await inTime.ingest({ connection: '', events: [snapshot(10, 5)] });
    const result = await later.ingest({ connection: '', events: [receipt('covered', 7, at(1))] });
    expect(result.outcomes).toEqual(['superseded']);
    expect(result.rejections).toEqual([]);
  });
});
