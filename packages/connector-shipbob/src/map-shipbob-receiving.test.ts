import { describe, expect, it } from 'vitest';
import { type ReceivingLineState, receivingOrderChanges } from './map-shipbob-receiving.ts';
import type { ShipBobReceivingOrder } from './shipbob-payloads.ts';
import { cicero, connection, testMapping } from './test-support/shipbob-test-configuration.ts';

const context = { connection, mapping: testMapping, observedAt: '2026-03-02T10:00:00.000Z' };

const order = (
  status: string,
  received: number,
  extra: Partial<ShipBobReceivingOrder> = {},
): ShipBobReceivingOrder => ({
  id: 77,
  status,
  purchase_order_number: 'PO-1',
  expected_arrival_date: '2026-03-09T00:00:00Z',
  insert_date: '2026-03-01T00:00:00Z',
  last_updated_date: '2026-03-02T09:00:00Z',
  fulfillment_center: { id: cicero, name: 'Cicero (IL)' },
  inventory_quantities: [
    { inventory_id: 5002, sku: 'MUG-CASE', expected_quantity: 10, received_quantity: received, stowed_quantity: 0 },
  ],
  ...extra,
});

describe('ShipBob receiving orders → incoming and receipts', () => {
  it('announces an awaiting order as incoming with its expected date, in canonical units', () => {
    const { events, lines } = receivingOrderChanges(order('Awaiting', 0), {}, context);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'incoming-expected',
        sku: 'MUG-CASE',
        location: 'fc-cicero',
        incomingReference: 'shipbob-wro-77',
        quantity: 60,
        expectedAt: '2026-03-09T00:00:00Z',
        occurredAt: '2026-03-02T09:00:00Z',
      }),
    ]);
    expect(lines['77/5002']).toEqual({ outstanding: 10, received: 0, expectedAt: '2026-03-09T00:00:00Z' });
  });

  it('turns units received since the last poll into a receipt and lowers what is still incoming', () => {
    const previous: Record<string, ReceivingLineState> = {
      '77/5002': { outstanding: 10, received: 0, expectedAt: '2026-03-09T00:00:00Z' },
    };
    const partial = receivingOrderChanges(order('Processing', 4), previous, context);
    expect(partial.events.map((event) => [event.kind, 'quantity' in event ? event.quantity : undefined])).toEqual([
      ['receipt', 24],
      ['incoming-expected', 36],
    ]);
    const done = receivingOrderChanges(order('Completed', 10), partial.lines, context);
    expect(done.events.map((event) => [event.kind, 'quantity' in event ? event.quantity : undefined])).toEqual([
      ['receipt', 36],
      ['incoming-expected', 0],
    ]);
  });

  it('gives the same keys when the same order is read again, and nothing when nothing changed', () => {
    const first = receivingOrderChanges(order('Processing', 4), {}, context);
    const again = receivingOrderChanges(order('Processing', 4), {}, context);
    expect(again.events.map((event) => event.idempotencyKey)).toEqual(
      first.events.map((event) => event.idempotencyKey),
    );
    expect(receivingOrderChanges(order('Processing', 4), first.lines, context).events).toEqual([]);
  });

  it('leaves an order that was already closed when first seen to the level snapshot', () => {
    expect(receivingOrderChanges(order('Completed', 10), {}, context).events).toEqual([]);
  });

  it('reports a line it cannot read or map as a typed failure', () => {
    const flawed = order('Awaiting', 0, {
      inventory_quantities: [{ inventory_id: 'x' }, { inventory_id: 9, sku: 'NOPE', expected_quantity: 1 }],
    });
    const { events, failures } = receivingOrderChanges(flawed, {}, context);
    expect(events).toEqual([]);
    expect(failures.map((failure) => failure.error.name)).toEqual(['MalformedPayloadError', 'UnmappedSkuError']);
  });
});
