import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { fulfillOrder, placeOrder, releaseOrder } from './test-support/engine-calls.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = connect(server.url);
});
afterAll(() => redis.disconnect());

const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'east', kind: 'warehouse', region: 'us-east', priority: 1 },
    { id: 'west', kind: 'warehouse', region: 'us-west', priority: 2 },
  ],
  skus: [{ id: 'FRAME' }],
  connections: { wms: { connector: 'file' }, shop: { connector: 'shopify' } },
  authority: [
    { connections: ['shop'], states: ['committed'] },
    { connections: ['wms'], states: '*' },
  ],
  channels: [{ id: 'web', connection: 'shop', locations: ['east', 'west'] }],
});

const stock = (key: string, location: string, onHand: number): InventoryEvent => ({
  kind: 'snapshot',
  idempotencyKey: key,
  source: 'wms',
  occurredAt: '2026-11-27T09:00:00Z',
  sku: 'FRAME',
  location,
  quantities: { onHand },
});
const order = (orderReference: string) => ({
  source: 'shop',
  orderReference,
  occurredAt: '2026-11-27T10:00:00Z',
  lines: [{ lineReference: '1', sku: 'FRAME', quantity: 3 }],
});
const cancel = (orderReference: string, lineReference?: string) => ({
  source: 'shop',
  orderReference,
  occurredAt: '2026-11-27T10:05:00Z',
  reason: 'cancelled' as const,
  lineReference,
});
const committed = async (engine: Engine) =>
  (await engine.quantities('FRAME', 'east')).committed + (await engine.quantities('FRAME', 'west')).committed;

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('orders whose messages arrive in any order', () => {
  it('a cancellation that arrives before its order is kept, and the order then holds nothing', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: '', events: [stock('s1', 'east', 5)] });
    expect(await releaseOrder(engine, cancel('O-1'))).toBeUndefined();
    const placed = await placeOrder(engine, order('O-1'));
    expect(placed.decision.reservations).toEqual([]);
    expect(placed.decision.reason).toBe('cancelled before it was placed (2026-11-27T10:05:00Z): nothing held');
    expect(await committed(engine)).toBe(0);
    expect(await engine.orderDecision('shop', 'O-1')).toEqual(placed.decision);
    // The decision is kept as long as idempotency keys are, not forever.
    const [key] = await redis.keys('*:order:shop:O-1}');
    expect(await redis.pttl(key ?? 'missing')).toBeGreaterThan(0);
  });

  it('every arrival order of order, redelivered order and cancellation ends holding nothing, never below zero', async () => {
    const steps = ['place', 'place again', 'cancel'] as const;
    for (const [index, sequence] of permutations(steps).entries()) {
      const engine = createTestEngine(redis, {}, configuration);
      await engine.ingest({ connection: '', events: [stock('s1', 'east', 2), stock('s2', 'west', 5)] });
      const reference = `O-${index}`;
      for (const step of sequence) {
        if (step === 'cancel') await releaseOrder(engine, cancel(reference));
        else await placeOrder(engine, order(reference));
        const held = await committed(engine);
        expect(held, `${sequence.join(' → ')}: after ${step}`).toBeGreaterThanOrEqual(0);
        expect(held).toBeLessThanOrEqual(3);
      }
      expect(await committed(engine), sequence.join(' → ')).toBe(0);
    }
  });

  it('a cancellation racing the placement releases exactly what the placement holds', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: '', events: [stock('s1', 'east', 2), stock('s2', 'west', 5)] });
    await Promise.all([placeOrder(engine, order('O-race')), releaseOrder(engine, cancel('O-race'))]);
    await placeOrder(engine, order('O-race'));
    expect(await committed(engine)).toBe(0);
  });

  it('a release of one line of an order not yet seen is remembered and applied when the order is placed', async () => {
    const engine = createTestEngine(redis, {}, configuration);
    await engine.ingest({ connection: '', events: [stock('s1', 'east', 5)] });
    expect(await releaseOrder(engine, cancel('O-line', '1'))).toBeUndefined();
    const placed = await placeOrder(engine, order('O-line'));
    expect(placed.decision.reservations).toEqual([expect.objectContaining({ location: 'east', quantity: 3 })]);
    expect(await committed(engine)).toBe(0);
    // A redelivery of the release changes nothing more.
    await releaseOrder(engine, cancel('O-line', '1'));
    expect(await committed(engine)).toBe(0);
    expect((await engine.quantities('FRAME', 'east')).onHand).toBe(5);
  });

  it('any arrival order of orders, cancellations and fulfilments, each delivered up to three times, holds exactly what the open orders hold and never goes below zero', async () => {
    type Message = { readonly order: number; readonly kind: 'place' | 'cancel' | 'fulfil' };
    const scenario = fc
      .array(
        fc.record({
          quantity: fc.integer({ min: 1, max: 3 }),
          end: fc.constantFrom('open', 'cancelled', 'fulfilled'),
          copies: fc.integer({ min: 1, max: 3 }),
        }),
        { minLength: 1, maxLength: 3 },
      )
      .chain((orders) => {
        const messages: Message[] = orders.flatMap((order, index) => {
          const once: Message[] = [{ order: index, kind: 'place' }];
          if (order.end === 'cancelled') once.push({ order: index, kind: 'cancel' });
          if (order.end === 'fulfilled') once.push({ order: index, kind: 'fulfil' });
          return Array.from({ length: order.copies }, () => once).flat();
        });
        return fc.tuple(fc.constant(orders), fc.shuffledSubarray(messages, { minLength: messages.length }));
      });
    await fc.assert(
      fc.asyncProperty(scenario, async ([orders, arrivals]) => {
        const engine = createTestEngine(redis, {}, configuration);
        await engine.ingest({ connection: '', events: [stock('s1', 'east', 5), stock('s2', 'west', 5)] });
        const reference = (index: number) => `P-${index}`;
        const queue = [...arrivals];
        // A fulfilment that overtakes its order is tried again later, as the runner's job retries do.
        for (let step = 0; queue.length > 0 && step < 100; step++) {
          const message = queue.shift() as Message;
          const order = orders[message.order];
          if (message.kind === 'place') {
            await placeOrder(engine, {
              source: 'shop',
              orderReference: reference(message.order),
              occurredAt: '2026-11-27T10:00:00Z',
              lines: [{ lineReference: '1', sku: 'FRAME', quantity: order?.quantity ?? 1 }],
            });
          } else if (message.kind === 'cancel') {
            await releaseOrder(engine, cancel(reference(message.order)));
          } else {
            const done = await fulfillOrder(engine, {
              source: 'shop',
              orderReference: reference(message.order),
              occurredAt: '2026-11-27T11:00:00Z',
            });
            if (done === undefined) queue.push(message);
          }
          for (const location of ['east', 'west']) {
            expect((await engine.quantities('FRAME', location)).committed).toBeGreaterThanOrEqual(0);
          }
        }
        expect(queue).toEqual([]);
        let held = 0;
        for (const [index, order] of orders.entries()) {
          const decision = await engine.orderDecision('shop', reference(index));
          const holds = decision?.reservations.reduce((sum, reservation) => sum + reservation.quantity, 0) ?? 0;
          if (order.end === 'open') {
            expect(holds).toBe(order.quantity);
            held += holds;
          }
        }
        expect(await committed(engine)).toBe(held);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('order records in any arrival order, through ingest', () => {
  type End = 'open' | 'cancelled' | 'fulfilled' | 'line 1 cancelled, line 2 fulfilled';
  const messagesFor = (end: End): Array<Record<string, unknown>> => {
    if (end === 'cancelled') return [{ kind: 'order-released', reason: 'cancelled' }];
    if (end === 'fulfilled') return [{ kind: 'order-fulfilled' }];
    if (end === 'open') return [];
    return [
      { kind: 'order-released', reason: 'cancelled', lineReference: '1' },
      { kind: 'order-fulfilled', lineReference: '2' },
    ];
  };

  it('any arrival order of placements, line and whole releases and fulfilments, each delivered up to twice, ends where the ordered delivery ends: nothing throws, nothing is lost, a fulfilment consumes the hold at the routed location', async () => {
    const scenario = fc
      .array(
        fc.record({
          quantities: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
          end: fc.constantFrom<End>('open', 'cancelled', 'fulfilled', 'line 1 cancelled, line 2 fulfilled'),
          copies: fc.integer({ min: 1, max: 2 }),
        }),
        { minLength: 1, maxLength: 3 },
      )
      .chain((orders) => {
        const records = orders.flatMap((order, index) => {
          const base = { source: 'shop', orderReference: `R-${index}`, occurredAt: '2026-11-27T10:00:00Z' };
          const placed = {
            ...base,
            kind: 'order-placed',
            lines: order.quantities.map((quantity, line) => ({
              lineReference: String(line + 1),
              sku: 'FRAME',
              quantity,
            })),
          };
          const once = [placed, ...messagesFor(order.end).map((message) => ({ ...base, ...message }))];
          return Array.from({ length: order.copies }, () => once).flat();
        });
        return fc.tuple(fc.constant(orders), fc.shuffledSubarray(records, { minLength: records.length }));
      });
    await fc.assert(
      fc.asyncProperty(scenario, async ([orders, arrivals]) => {
        const engine = createTestEngine(redis, {}, configuration);
        await engine.ingest({ connection: 'wms', events: [stock('s1', 'east', 10), stock('s2', 'west', 10)] });
        for (const record of arrivals) {
          const result = await engine.ingest({ connection: 'shop', orders: [record] });
          expect(result.rejections).toEqual([]);
          for (const location of ['east', 'west']) {
            expect((await engine.quantities('FRAME', location)).committed).toBeGreaterThanOrEqual(0);
          }
        }
        const expected = new Map([
          ['east', { committed: 0, onHand: 10 }],
          ['west', { committed: 0, onHand: 10 }],
        ]);
        for (const [index, order] of orders.entries()) {
          const decision = await engine.orderDecision('shop', `R-${index}`);
          if (order.end === 'cancelled') continue;
          for (const reservation of decision?.reservations ?? []) {
            const at = expected.get(reservation.location);
            if (at === undefined) continue;
            const shipped =
              order.end === 'fulfilled' ||
              (order.end === 'line 1 cancelled, line 2 fulfilled' && reservation.lineReference === '2');
            const released = order.end === 'line 1 cancelled, line 2 fulfilled' && reservation.lineReference === '1';
            // A fulfilment consumes the hold where the order was routed (on-hand is the warehouse's to report).
            if (!shipped && !released) at.committed += reservation.quantity;
          }
          // Every placement was routed in full (there is stock for all of them).
          const held = decision?.reservations.reduce((sum, reservation) => sum + reservation.quantity, 0) ?? 0;
          expect(held).toBe(order.quantities[0] + order.quantities[1]);
        }
        for (const [location, quantities] of expected) {
          expect(await engine.quantities('FRAME', location)).toMatchObject(quantities);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
