import { type InventoryEvent, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from './engine.ts';
import { connect, createTestEngine } from './test-support/engine-fixture.ts';

const server = useRedisServer();
let redis: Redis;
let engine: Engine;

// The web store holds stock with orders; the till at wh-2 only reports what leaves; the ERP ships parcels.
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-1', kind: 'warehouse' },
    { id: 'wh-2', kind: 'store' },
  ],
  skus: [{ id: 'TEE' }],
  connections: { erp: { connector: 'file' }, store: { connector: 'shopify' }, pos: { connector: 'square' } },
  authority: [
    { connections: ['store'], states: ['committed'] },
    { connections: ['pos'], locations: ['wh-2'], states: ['onHand'] },
    { connections: ['erp'], states: '*' },
  ],
  channels: [
    { id: 'web', connection: 'store', locations: ['wh-1', 'wh-2'] },
    { id: 'till', connection: 'pos', locations: ['wh-2'] },
  ],
});

const base = { sku: 'TEE' } as const;
const hold = (order: string, quantity: number, occurredAt: string): InventoryEvent => ({
  ...base,
  kind: 'reservation-created',
  idempotencyKey: `hold-${order}`,
  source: 'store',
  location: 'wh-1',
  occurredAt,
  quantity,
  orderReference: order,
  lineReference: '1',
});
const release = (order: string, quantity: number, occurredAt: string): InventoryEvent => ({
  ...base,
  kind: 'reservation-released',
  idempotencyKey: `release-${order}`,
  source: 'store',
  location: 'wh-1',
  occurredAt,
  quantity,
  orderReference: order,
  lineReference: '1',
  reason: 'edited',
});

beforeAll(async () => {
  redis = connect(server.url);
  engine = createTestEngine(redis, {}, configuration);
  const stock = (location: string, onHand: number): InventoryEvent => ({
    ...base,
    kind: 'snapshot',
    idempotencyKey: `stock-${location}`,
    source: location === 'wh-2' ? 'pos' : 'erp',
    location,
    occurredAt: '2026-09-01T00:00:00Z',
    quantities: { onHand },
  });
  const events: InventoryEvent[] = [
    stock('wh-1', 100),
    stock('wh-2', 50),
    // Placed before the window: neither it nor its cancellation inside the window counts.
    hold('o0', 6, '2026-10-01T10:00:00Z'),
    hold('o1', 3, '2026-11-20T10:00:00Z'),
    hold('o2', 5, '2026-11-21T10:00:00Z'),
    // o2 edited down by 2: those 2 were never sold.
    release('o2', 2, '2026-11-22T10:00:00Z'),
    // The parcel of o1 leaves the warehouse: the same 3 units, not a second sale.
    {
      ...base,
      kind: 'shipment',
      idempotencyKey: 'parcel-o1',
      source: 'erp',
      location: 'wh-1',
      occurredAt: '2026-11-23T10:00:00Z',
      quantity: 3,
      orderReference: 'o1',
    },
    {
      ...base,
      kind: 'reservation-consumed',
      idempotencyKey: 'consumed-o1',
      source: 'store',
      location: 'wh-1',
      occurredAt: '2026-11-23T10:00:00Z',
      quantity: 3,
      orderReference: 'o1',
      lineReference: '1',
    },
    // The till sells 4 with no hold before it.
    {
      ...base,
      kind: 'shipment',
      idempotencyKey: 'till-1',
      source: 'pos',
      location: 'wh-2',
      occurredAt: '2026-11-24T10:00:00Z',
      quantity: 4,
    },
    release('o0', 6, '2026-11-25T10:00:00Z'),
  ];
  for (const event of events) {
    const result = await engine.ingest({ connection: event.source, events: [event] });
    expect(result.outcomes).toEqual(['applied']);
  }
  // A redelivery of o1's hold applies nothing, so the ledger has it once.
  expect(
    (await engine.ingest({ connection: 'store', events: [hold('o1', 3, '2026-11-20T10:00:00Z')] })).outcomes,
  ).toEqual(['duplicate']);
});
afterAll(() => redis.disconnect());

describe('units sold by location, from the ledger', () => {
  it('counts holds and unheld shipments once, takes back releases of counted holds, per location', async () => {
    const sold = await engine.unitsSoldByLocation('TEE', {
      since: new Date('2026-10-30T12:00:00Z'),
      until: new Date('2026-11-27T12:00:00Z'),
    });
    // wh-1: o1 3 + o2 5 − 2 released = 6 (o0 before the window, its release not taken back); wh-2: the till's 4.
    expect(Object.fromEntries(sold)).toEqual({ 'wh-1': 6, 'wh-2': 4 });
  });

  it('counts only what happened within the window, its end excluded', async () => {
    const sold = await engine.unitsSoldByLocation('TEE', {
      since: new Date('2026-11-21T00:00:00Z'),
      until: new Date('2026-11-24T10:00:00Z'),
    });
    // o2 5 − 2; o1 (the 20th) before it; the till's sale exactly at the end.
    expect(Object.fromEntries(sold)).toEqual({ 'wh-1': 3 });
  });

  it('reads nothing for a SKU without a ledger', async () => {
    const sold = await engine.unitsSoldByLocation('CAP', {
      since: new Date('2026-10-30T12:00:00Z'),
      until: new Date('2026-11-27T12:00:00Z'),
    });
    expect(sold.size).toBe(0);
  });
});
