import { UnmappedLocationError, UnmappedSkuError } from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { levelFingerprint, levelRecords, readLevelPage } from './map-shipbob-levels.ts';
import { cicero, connection, morenoValley, testMapping } from './test-support/shipbob-test-configuration.ts';

const observedAt = '2026-03-02T10:00:00.000Z';

/** The shape of `GET /2026-01/inventory-level/locations` items (Inventory.InventoryQuantityFcResponse). */
const page = [
  {
    inventory_id: 5001,
    sku: 'TEE-BLUE-M',
    name: 'Blue tee, M',
    locations: [
      {
        location_id: cicero,
        name: 'Cicero (IL)',
        on_hand_quantity: 40,
        committed_quantity: 5,
        fulfillable_quantity: 32,
        awaiting_quantity: 100,
        internal_transfer_quantity: 4,
      },
      { location_id: 99, name: 'Unmapped FC', on_hand_quantity: 1 },
    ],
  },
  {
    inventory_id: 5002,
    sku: 'MUG-CASE',
    locations: [{ location_id: morenoValley, on_hand_quantity: 3, fulfillable_quantity: 3 }],
  },
  { inventory_id: 5003, sku: null, locations: [{ location_id: cicero, on_hand_quantity: 7, fulfillable_quantity: 7 }] },
  { inventory_id: 5004, sku: 'UNKNOWN', locations: [{ location_id: cicero, on_hand_quantity: 2 }] },
  { inventory_id: 'not-a-number', locations: [] },
];

describe('ShipBob inventory levels → canonical records', () => {
  it('maps on hand, committed, exception (the unexplained rest) and internal transfer per fulfilment centre', () => {
    const { levels, failures } = readLevelPage(page, connection);
    expect(failures.map((failure) => failure.where)).toEqual(['items[4]']);
    const mapped = levelRecords(levels, testMapping, observedAt);
    expect(mapped.records[0]).toEqual({
      sku: 'TEE-BLUE-M',
      location: 'fc-cicero',
      quantities: { onHand: 40, committed: 5, qualityControl: 3, inTransit: 4 },
      observedAt,
      raw: expect.objectContaining({ inventory_id: 5001, awaiting_quantity: 100 }),
    });
  });

  it('multiplies by the units per ShipBob item, and names an item without a SKU by its inventory id', () => {
    const { levels } = readLevelPage(page, connection);
    const { records } = levelRecords(levels, testMapping, observedAt);
    expect(records.find((record) => record.sku === 'MUG-CASE')?.quantities.onHand).toBe(18);
    expect(records.find((record) => record.sku === 'SOCKS-RED')?.quantities.onHand).toBe(7);
  });

  it('reports an unmapped SKU and an unmapped centre as typed failures beside the good records', () => {
    const { levels } = readLevelPage(page, connection);
    const { records, failures } = levelRecords(levels, testMapping, observedAt);
    expect(records).toHaveLength(3);
    expect(failures.map((failure) => failure.error.name).sort()).toEqual(['UnmappedLocationError', 'UnmappedSkuError']);
    expect(failures.some((failure) => UnmappedSkuError.isInstance(failure.error))).toBe(true);
    expect(failures.some((failure) => UnmappedLocationError.isInstance(failure.error))).toBe(true);
  });

  it('fingerprints only what moves a canonical state: an awaiting-only change is not a change', () => {
    const level = { location_id: cicero, on_hand_quantity: 4, committed_quantity: 1, fulfillable_quantity: 3 };
    expect(levelFingerprint({ ...level, awaiting_quantity: 9 })).toBe(levelFingerprint(level));
    expect(levelFingerprint({ ...level, on_hand_quantity: 5 })).not.toBe(levelFingerprint(level));
  });
});
