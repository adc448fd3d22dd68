import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConcurrencySlotsOptions, createConcurrencySlots } from './concurrency-slots.ts';

const redisServer = useRedisServer();

describe('createConcurrencySlots', () => {
  const connections: Redis[] = [];
  beforeAll(() => {
    for (let index = 0; index < 4; index++) connections.push(new Redis(redisServer.url));
  });
  afterAll(() => {
    for (const connection of connections) connection.disconnect();
  });

  const slotsFor = (options: Pick<ConcurrencySlotsOptions, 'slots' | 'leaseMs' | 'waitHintMs'>, account: string) =>
    createConcurrencySlots({ redis: connections[0] as Redis, account, bucket: 'suitetalk', ...options });

  it('never lets more than N of 20 concurrent acquirers in at once, and serves them all', async () => {
    const account = `netsuite-${randomUUID()}`;
    const slotCount = 3;
    let inFlight = 0;
    let mostInFlight = 0;
    let mostLeasesInRedis = 0;
    const acquirers = Array.from({ length: 20 }, async (_, index) => {
      // Several connections, like several processes: atomicity must come from the script, not from one socket.
      const slots = createConcurrencySlots({
        redis: connections[index % connections.length] as Redis,
        account,
        bucket: 'suitetalk',
        slots: slotCount,
        leaseMs: 10_000,
        waitHintMs: 5,
      });
      for (;;) {
        const decision = await slots.acquireSlot();
        if (!decision.granted) {
          await sleep(decision.waitMs);
          continue;
        }
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        mostLeasesInRedis = Math.max(mostLeasesInRedis, await connections[0]!.zcard(slots.key));
        await sleep(10);
        inFlight--;
        expect(await slots.releaseSlot(decision.slotToken)).toBe(true);
        return index;
      }
    });
    expect((await Promise.all(acquirers)).sort((left, right) => left - right)).toEqual(
      Array.from({ length: 20 }, (_, index) => index),
    );
    expect(mostInFlight).toBeLessThanOrEqual(slotCount);
    expect(mostLeasesInRedis).toBeLessThanOrEqual(slotCount);
    expect(mostInFlight).toBe(slotCount);
  });

  it('frees the slots of a holder that never releases once their leases end', async () => {
    const slots = slotsFor({ slots: 2, leaseMs: 150 }, `netsuite-${randomUUID()}`);
    const first = await slots.acquireSlot();
    const second = await slots.acquireSlot();
    const refused = await slots.acquireSlot();
    if (!first.granted || !second.granted || refused.granted) throw new Error('two slots, then a refusal');
    expect(refused.waitMs).toBeLessThanOrEqual(151);
    await sleep(refused.waitMs);
    const afterLease = await slots.acquireSlot();
    expect(afterLease.granted).toBe(true);
    // The crashed holder comes back too late: its slot is no longer its own.
    expect(await slots.releaseSlot(first.slotToken)).toBe(false);
  });

  it('suggests looking again soon rather than waiting out a long lease', async () => {
    const slots = slotsFor({ slots: 1, leaseMs: 60_000, waitHintMs: 200 }, `netsuite-${randomUUID()}`);
    await slots.acquireSlot();
    const refused = await slots.acquireSlot();
    if (refused.granted) throw new Error('the only slot is taken');
    expect(refused.waitMs).toBe(200);
  });

  it('frees a slot at once on release, and only once', async () => {
    const slots = slotsFor({ slots: 1, leaseMs: 60_000 }, `netsuite-${randomUUID()}`);
    const held = await slots.acquireSlot();
    if (!held.granted) throw new Error('the slot is free');
    expect((await slots.acquireSlot()).granted).toBe(false);
    expect(await slots.releaseSlot(held.slotToken)).toBe(true);
    expect(await slots.releaseSlot(held.slotToken)).toBe(false);
    expect((await slots.acquireSlot()).granted).toBe(true);
  });

  it('renews a held lease so a long call keeps its slot', async () => {
    const slots = slotsFor({ slots: 1, leaseMs: 100 }, `netsuite-${randomUUID()}`);
    const held = await slots.acquireSlot();
    if (!held.granted) throw new Error('the slot is free');
    expect(await slots.renewSlot(held.slotToken, 60_000)).toBe(true);
    await sleep(150);
    expect((await slots.acquireSlot()).granted).toBe(false);
    expect(await slots.renewSlot('not-a-slot')).toBe(false);
  });
});
