import { describe, expect, it } from 'vitest';
import { applyEvent, applyEvents, positionKey } from './apply-event.ts';
import type { InventoryEvent } from './events.ts';
import { incomingSchedule, type Position, positionQuantities } from './position.ts';
import { sellableQuantity } from './quantity-states.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString();
const base = { source: 'wms', sku: 'TSHIRT-BLK-M', location: 'wh-east' } as const;

function quantitiesAfter(events: InventoryEvent[], sku = base.sku, location = base.location) {
  const positions = new Map<string, Position>();
  const counts = applyEvents(positions, events);
  const position = positions.get(positionKey(sku, location));
  return { counts, quantities: position ? positionQuantities(position) : undefined, position };
}

describe('applyEvent', () => {
  it('adds receipts and subtracts shipments', () => {
    const { quantities } = quantitiesAfter([
      { ...base, kind: 'receipt', idempotencyKey: 'r1', occurredAt: at(0), quantity: 10 },
      { ...base, kind: 'shipment', idempotencyKey: 's1', occurredAt: at(1), quantity: 3 },
    ]);
    expect(quantities?.onHand).toBe(7);
  });

  it('reports a redelivered event as a duplicate and changes nothing', () => {
    const receipt: InventoryEvent = { ...base, kind: 'receipt', idempotencyKey: 'r1', occurredAt: at(0), quantity: 10 };
    const { counts, quantities } = quantitiesAfter([receipt, receipt]);
    expect(counts).toEqual({ applied: 1, duplicates: 1, superseded: 0 });
    expect(quantities?.onHand).toBe(10);
  });

  it('lets a snapshot replace older deltas and keeps the deltas after it', () => {
    const { counts, quantities } = quantitiesAfter([
      { ...base, kind: 'shipment', idempotencyKey: 's-late', occurredAt: at(12), quantity: 2 },
      { ...base, kind: 'snapshot', idempotencyKey: 'snap', occurredAt: at(10), quantities: { onHand: 50 } },
      // Arrives late, happened before the snapshot: already counted in the 50.
      { ...base, kind: 'shipment', idempotencyKey: 's-early', occurredAt: at(5), quantity: 4 },
    ]);
    expect(quantities?.onHand).toBe(48);
    expect(counts.superseded).toBe(1);
  });

  it('ignores a snapshot older than the one applied', () => {
    const { counts, quantities } = quantitiesAfter([
      { ...base, kind: 'snapshot', idempotencyKey: 'new', occurredAt: at(20), quantities: { onHand: 5 } },
      { ...base, kind: 'snapshot', idempotencyKey: 'old', occurredAt: at(10), quantities: { onHand: 99 } },
    ]);
    expect(quantities?.onHand).toBe(5);
    expect(counts).toEqual({ applied: 1, duplicates: 0, superseded: 1 });
  });

  it('uses the source sequence to order two events stamped with the same time', () => {
    const { quantities } = quantitiesAfter([
      { ...base, kind: 'cycle-count', idempotencyKey: 'c2', occurredAt: at(1), sequence: 8, counted: 30 },
      { ...base, kind: 'cycle-count', idempotencyKey: 'c1', occurredAt: at(1), sequence: 7, counted: 10 },
    ]);
    expect(quantities?.onHand).toBe(30);
  });

  it('moves a transfer through in-transit at the destination', () => {
    const positions = new Map<string, Position>();
    applyEvents(positions, [
      { ...base, kind: 'receipt', idempotencyKey: 'r', occurredAt: at(0), quantity: 10 },
      {
        ...base,
        kind: 'transfer-out',
        idempotencyKey: 'out',
        occurredAt: at(1),
        quantity: 4,
        destination: 'store-1',
        transferReference: 'T1',
      },
    ]);
    const store = () => positionQuantities(positions.get(positionKey(base.sku, 'store-1'))!);
    expect(positionQuantities(positions.get(positionKey(base.sku, base.location))!).onHand).toBe(6);
    expect(store()).toMatchObject({ inTransit: 4, onHand: 0 });
    applyEvents(positions, [
      {
        ...base,
        location: 'store-1',
        kind: 'transfer-in',
        idempotencyKey: 'in',
        occurredAt: at(30),
        quantity: 4,
        origin: base.location,
        transferReference: 'T1',
      },
    ]);
    expect(store()).toMatchObject({ inTransit: 0, onHand: 4 });
  });

  it('holds reservations out of sellable stock and releases exactly what was held', () => {
    const reservation = { ...base, orderReference: 'O-1', lineReference: '1', quantity: 2 };
    const { quantities } = quantitiesAfter([
      { ...base, kind: 'receipt', idempotencyKey: 'r', occurredAt: at(0), quantity: 5 },
      { ...reservation, kind: 'reservation-created', idempotencyKey: 'o1-created', occurredAt: at(1) },
    ]);
    expect(quantities && sellableQuantity(quantities)).toBe(3);
    const released = quantitiesAfter([
      { ...base, kind: 'receipt', idempotencyKey: 'r', occurredAt: at(0), quantity: 5 },
      { ...reservation, kind: 'reservation-created', idempotencyKey: 'o1-created', occurredAt: at(1) },
      {
        ...reservation,
        kind: 'reservation-released',
        idempotencyKey: 'o1-cancel',
        occurredAt: at(2),
        reason: 'cancelled',
      },
      {
        ...reservation,
        kind: 'reservation-released',
        idempotencyKey: 'o1-cancel',
        occurredAt: at(2),
        reason: 'cancelled',
      },
    ]);
    expect(released.quantities).toMatchObject({ onHand: 5, committed: 0 });
  });

  it('routes returns by disposition', () => {
    const returned = (disposition: 'restock' | 'quarantine' | 'refurbish' | 'dispose') =>
      quantitiesAfter([
        {
          ...base,
          kind: 'return-received',
          idempotencyKey: `ret-${disposition}`,
          occurredAt: at(0),
          quantity: 2,
          disposition,
        },
      ]).quantities;
    expect(returned('restock')).toMatchObject({ onHand: 2, qualityControl: 0, damaged: 0 });
    expect(returned('quarantine')).toMatchObject({ onHand: 2, qualityControl: 2 });
    expect(returned('refurbish')).toMatchObject({ onHand: 2, damaged: 2 });
    expect(returned('dispose')).toMatchObject({ onHand: 0, qualityControl: 0, damaged: 0 });
  });

  it('tracks incoming per purchase order and reduces it on receipt', () => {
    const { position, quantities } = quantitiesAfter([
      {
        ...base,
        kind: 'incoming-expected',
        idempotencyKey: 'po1',
        occurredAt: at(0),
        incomingReference: 'PO-1',
        quantity: 24,
        expectedAt: '2026-12-02T00:00:00Z',
      },
      { ...base, kind: 'receipt', idempotencyKey: 'rcv', occurredAt: at(5), quantity: 10, incomingReference: 'PO-1' },
    ]);
    expect(quantities).toMatchObject({ onHand: 10, incoming: 14 });
    expect(incomingSchedule(position!)).toEqual([
      { reference: 'PO-1', quantity: 14, expectedAt: '2026-12-02T00:00:00Z' },
    ]);
  });

  it('moves units from quality control to damaged and disposes of them', () => {
    const { quantities } = quantitiesAfter([
      { ...base, kind: 'receipt', idempotencyKey: 'r', occurredAt: at(0), quantity: 10 },
      {
        ...base,
        kind: 'state-move',
        idempotencyKey: 'qc',
        occurredAt: at(1),
        quantity: 3,
        from: 'available',
        to: 'qualityControl',
      },
      {
        ...base,
        kind: 'state-move',
        idempotencyKey: 'dmg',
        occurredAt: at(2),
        quantity: 2,
        from: 'qualityControl',
        to: 'damaged',
      },
      {
        ...base,
        kind: 'state-move',
        idempotencyKey: 'bin',
        occurredAt: at(3),
        quantity: 2,
        from: 'damaged',
        to: 'disposed',
      },
    ]);
    expect(quantities).toMatchObject({ onHand: 8, qualityControl: 1, damaged: 0 });
    expect(quantities && sellableQuantity(quantities)).toBe(7);
  });

  it('returns both touched positions for a transfer', () => {
    const result = applyEvent(() => undefined, {
      ...base,
      kind: 'transfer-out',
      idempotencyKey: 'x',
      occurredAt: at(0),
      quantity: 1,
      destination: 'store-1',
      transferReference: 'T',
    });
    expect(result.positions.map((position) => position.location)).toEqual(['wh-east', 'store-1']);
    expect(result.outcome).toBe('applied');
  });
});
