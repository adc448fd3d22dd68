import type { InventoryEvent } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

/**
 * Two runner versions share one Redis during a rolling upgrade, so the apply script must keep writing every key,
 * field and value byte for byte as the layout defines them (see `apply-script.ts`): these are spelled here without
 * the script — values as JSON.stringify writes the same arrays (cjson's spelling for integers and plain keys), index
 * members from their definition (time + 1e15 and sequence as 17 digits, NUL-separated, then the key).
 */
const at = (minute: number) => `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`;
const orderOf = (occurredAt: string, sequence: number, key: string) =>
  `${String(Date.parse(occurredAt) + 1e15).padStart(17, '0')}\0${String(sequence).padStart(17, '0')}\0${key}`;
const receipt = (key: string, location: string, quantity: number, minute: number): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: at(minute),
  sku: 'SKU-A',
  location,
  quantity,
});
const snapshot = (key: string, onHand: number, minute: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'erp',
  occurredAt: at(minute),
  sku: 'SKU-A',
  location: 'wh-1',
  quantities: { onHand },
});

describe('the stored layout the apply script writes', () => {
  it('spells bases, pending changes, sums, the index, seen keys and ledger lines as the layout defines', async () => {
    const keyPrefix = `layout-${process.pid}`;
    const engine = createTestEngine(redis, { keyPrefix });
    const sku = `{${keyPrefix}:sku:SKU-A}`;
    await engine.ingest({
      connection: 'erp',
      events: [snapshot('count', 10, 1), receipt('plus-3', 'wh-1', 3, 2), receipt('plus-4', 'wh-1', 4, 3)],
    });
    // A second call reads the position the first one wrote, and one change is now covered by a newer snapshot.
    await engine.ingest({ connection: 'erp', events: [receipt('plus-5', 'wh-1', 5, 5), snapshot('recount', 20, 4)] });

    expect(await redis.hgetall(`${sku}:position:wh-1`)).toEqual({
      'b:onHand': JSON.stringify([20, Date.parse(at(4)), 0, 'recount']),
      'n:onHand': '5',
      oldest: String(Date.parse(at(2))),
    });
    expect(await redis.hgetall(`${sku}:pending:wh-1`)).toEqual({
      'plus-5': JSON.stringify([Date.parse(at(5)), 0, 'plus-5', { onHand: 5 }]),
    });
    const order = orderOf(at(5), 0, 'plus-5');
    expect(await redis.zrange(`${sku}:pending-index:wh-1`, '0', '-1')).toEqual([`c\0onHand\0${order}`, `t\0${order}`]);
    expect((await redis.zrange(`${sku}:seen`, '0', '-1')).sort()).toEqual([
      'count',
      'plus-3',
      'plus-4',
      'plus-5',
      'recount',
    ]);
    expect(await redis.get(`${sku}:version`)).toBe('2');
    // Each line: the apply time, the outcome, then the event as the caller passed it (copied, not built, by the script).
    const lines = await redis.lrange(`${sku}:ledger`, 0, -1);
    const ledgerEvents = [snapshot('count', 10, 1), receipt('plus-3', 'wh-1', 3, 2), receipt('plus-4', 'wh-1', 4, 3)];
    ledgerEvents.push(receipt('plus-5', 'wh-1', 5, 5), snapshot('recount', 20, 4));
    expect(lines.map((line) => /^\d+\|a\|/.test(line))).toEqual(ledgerEvents.map(() => true));
    expect(lines.map((line) => JSON.parse(line.replace(/^\d+\|a\|/, '')))).toEqual(ledgerEvents);
    // A position the calls only read (no event there) is left without a hash, as before.
    expect(await redis.exists(`${sku}:position:wh-2`)).toBe(0);
  });

  it('reads a position as the previous version left it and writes only the fields that changed', async () => {
    const keyPrefix = `layout-read-${process.pid}`;
    const engine = createTestEngine(redis, { keyPrefix });
    const sku = `{${keyPrefix}:sku:SKU-A}`;
    const order = orderOf(at(2), 0, 'earlier-plus-3');
    // As the previous version of the script leaves a position: a base, one pending change, its sum and index.
    const base = JSON.stringify([10, Date.parse(at(1)), 0, 'earlier-count']);
    await redis.hset(`${sku}:position:wh-1`, { 'b:onHand': base, 'n:onHand': '3', oldest: String(Date.parse(at(2))) });
    await redis.hset(`${sku}:pending:wh-1`, {
      'earlier-plus-3': JSON.stringify([Date.parse(at(2)), 0, 'earlier-plus-3', { onHand: 3 }]),
    });
    await redis.zadd(`${sku}:pending-index:wh-1`, 0, `t\0${order}`, 0, `c\0onHand\0${order}`);
    await redis.set(`${sku}:version`, '7');

    const result = await engine.ingest({ connection: 'erp', events: [receipt('plus-2', 'wh-1', 2, 3)] });
    expect(result.outcomes).toEqual(['applied']);
    expect((await engine.quantities('SKU-A', 'wh-1')).onHand).toBe(15);
    expect(await redis.hgetall(`${sku}:position:wh-1`)).toEqual({
      'b:onHand': base,
      'n:onHand': '5',
      oldest: String(Date.parse(at(2))),
    });
    expect(await redis.get(`${sku}:version`)).toBe('8');
    // The previous version's pending change is still one: a redelivery of it is a duplicate.
    const redelivered = await engine.ingest({ connection: 'erp', events: [receipt('earlier-plus-3', 'wh-1', 3, 2)] });
    expect(redelivered.outcomes).toEqual(['duplicate']);
  });
});
