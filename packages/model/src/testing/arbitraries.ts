import fc from 'fast-check';
import type { InventoryEvent } from '../events.ts';

export const skuIds = ['SKU-A', 'SKU-B'] as const;
export const locationIds = ['wh-1', 'wh-2', 'store-1'] as const;

const baseTime = Date.parse('2026-11-27T00:00:00Z');

/**
 * fast-check arbitraries of canonical events, for property tests here and in packages built on the model.
 *
 * Events over a small world (2 SKUs, 3 locations, 20 instants) so that collisions in time, SKU and location are
 * common: that is where ordering bugs live. Idempotency keys are made unique per generated event.
 */
export function eventArbitrary(): fc.Arbitrary<Omit<InventoryEvent, 'idempotencyKey'>> {
  const common = fc.record({
    source: fc.constantFrom('erp', 'wms', 'store'),
    occurredAt: fc.integer({ min: 0, max: 19 }).map((minute) => new Date(baseTime + minute * 60_000).toISOString()),
    sku: fc.constantFrom(...skuIds),
    location: fc.constantFrom(...locationIds),
  });
  const quantity = fc.integer({ min: 1, max: 20 });
  const kinds = [
    fc.record({ kind: fc.constant('receipt' as const), quantity }),
    fc.record({ kind: fc.constant('receipt' as const), quantity, incomingReference: fc.constantFrom('PO-1', 'PO-2') }),
    fc.record({ kind: fc.constant('shipment' as const), quantity }),
    fc.record({
      kind: fc.constant('adjustment' as const),
      change: fc.integer({ min: -10, max: 10 }).filter((change) => change !== 0),
      reason: fc.constant('correction' as const),
    }),
    fc.record({ kind: fc.constant('cycle-count' as const), counted: fc.integer({ min: 0, max: 50 }) }),
    fc.record({
      kind: fc.constant('transfer-out' as const),
      quantity,
      destination: fc.constantFrom(...locationIds),
      transferReference: fc.constant('T-1'),
    }),
    fc.record({
      kind: fc.constant('transfer-in' as const),
      quantity,
      origin: fc.constantFrom(...locationIds),
      transferReference: fc.constant('T-1'),
    }),
    fc.record({
      kind: fc.constant('reservation-created' as const),
      orderReference: fc.constant('O-1'),
      lineReference: fc.constant('1'),
      quantity,
    }),
    fc.record({
      kind: fc.constant('reservation-released' as const),
      orderReference: fc.constant('O-1'),
      lineReference: fc.constant('1'),
      quantity,
      reason: fc.constant('cancelled' as const),
    }),
    fc.record({
      kind: fc.constant('return-received' as const),
      quantity,
      disposition: fc.constantFrom('restock', 'quarantine', 'refurbish', 'dispose'),
    }),
    fc.record({
      kind: fc.constant('state-move' as const),
      quantity,
      from: fc.constantFrom('available', 'damaged', 'qualityControl'),
      to: fc.constantFrom('damaged', 'disposed'),
    }),
    fc.record({
      kind: fc.constant('incoming-expected' as const),
      incomingReference: fc.constantFrom('PO-1', 'PO-2'),
      quantity: fc.integer({ min: 0, max: 40 }),
      expectedAt: fc.constantFrom('2026-12-01T00:00:00Z', '2026-12-20T00:00:00Z'),
    }),
    fc.record({
      kind: fc.constant('snapshot' as const),
      quantities: fc.record(
        { onHand: fc.integer({ min: 0, max: 50 }), committed: fc.integer({ min: 0, max: 10 }) },
        { requiredKeys: [] },
      ),
    }),
  ];
  return fc
    .tuple(common, fc.oneof(...kinds))
    .filter(([base, detail]) => {
      if (detail.kind === 'state-move' && detail.from === detail.to) return false;
      if (detail.kind === 'snapshot' && Object.keys(detail.quantities).length === 0) return false;
      if (detail.kind === 'transfer-out' && detail.destination === base.location) return false;
      if (detail.kind === 'transfer-in' && detail.origin === base.location) return false;
      return true;
    })
    .map(([base, detail]) => ({ ...base, ...detail }) as Omit<InventoryEvent, 'idempotencyKey'>);
}

/** A list of events with unique idempotency keys. */
export function eventListArbitrary(maxLength = 30): fc.Arbitrary<InventoryEvent[]> {
  return fc
    .array(eventArbitrary(), { minLength: 1, maxLength })
    .map((events) => events.map((event, index) => ({ ...event, idempotencyKey: `event-${index}` }) as InventoryEvent));
}
