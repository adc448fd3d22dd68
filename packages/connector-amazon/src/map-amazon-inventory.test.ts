import { createConnectionMapping } from '@stockwire/connector-kit';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import {
  buildCatalog,
  emptyQuantities,
  type QuantitiesByState,
  StockwireConfigurationSchema,
  sellableQuantity,
  snapshotQuantityStates,
  TimestampSchema,
} from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { mapInventorySummary } from './map-amazon-inventory.ts';

const marketplace = 'ATVPDKIKX0DER';
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'amazon-fba', kind: 'marketplace-fulfilled' }],
  skus: [
    { id: 'SUITCASE', aliases: [{ connection: 'amazon', value: 'SKU-SUITCASE' }] },
    { id: 'CANDLE', units: [{ connection: 'amazon', unit: 'case', unitsPer: 12 }] },
  ],
  connections: { amazon: { connector: 'amazon', locations: { [marketplace]: 'amazon-fba' } } },
  authority: [{ connections: ['amazon'], states: '*', locations: ['amazon-fba'] }],
});
const mapping = createConnectionMapping(buildCatalog(configuration), 'amazon');
const answeredAt = '2026-12-01T09:30:00.000Z';

/** Every bucket of fbaInventory.json's InventoryDetails filled, with a different count each. */
const detailedSummary = (overrides: Record<string, unknown> = {}) => ({
  asin: 'B071VG5N9D',
  fnSku: 'X0000ABCDE',
  sellerSku: 'SKU-SUITCASE',
  condition: 'NewItem',
  inventoryDetails: {
    fulfillableQuantity: 40,
    inboundWorkingQuantity: 9,
    inboundShippedQuantity: 6,
    inboundReceivingQuantity: 2,
    reservedQuantity: {
      totalReservedQuantity: 8,
      pendingCustomerOrderQuantity: 5,
      pendingTransshipmentQuantity: 2,
      fcProcessingQuantity: 1,
    },
    researchingQuantity: {
      totalResearchingQuantity: 3,
      researchingQuantityBreakdown: [{ name: 'researchingQuantityInShortTerm', quantity: 3 }],
    },
    unfulfillableQuantity: {
      totalUnfulfillableQuantity: 4,
      customerDamagedQuantity: 1,
      warehouseDamagedQuantity: 1,
      distributorDamagedQuantity: 0,
      carrierDamagedQuantity: 1,
      defectiveQuantity: 1,
      expiredQuantity: 0,
    },
  },
  lastUpdatedTime: '2026-11-24T11:00:00Z',
  productName: 'Hardside Carry-On Spinner Suitcase',
  totalQuantity: 72,
  ...overrides,
});

function recordOf(raw: unknown) {
  const mapped = mapInventorySummary(raw, 0, marketplace, mapping, answeredAt);
  if (!('record' in mapped)) throw mapped.failure.error;
  return mapped.record;
}

describe('FBA inventory summaries as canonical states', () => {
  it('maps every FBA bucket to a state an authority snapshot applies, so sellable equals fulfillable', () => {
    const record = recordOf(detailedSummary());
    expect(record).toMatchObject({ sku: 'SUITCASE', location: 'amazon-fba' });
    expect(record.quantities).toEqual({
      onHand: 40 + 8 + 4 + 3,
      committed: 5,
      reserved: 3,
      damaged: 4,
      qualityControl: 3,
      inTransit: 6 + 2,
      available: 40,
    });
    // Every state but `available` is one a snapshot event can set; the model's own sellable rule gives back 40.
    const { available, ...states } = record.quantities;
    expect(Object.keys(states).every((state) => (snapshotQuantityStates as string[]).includes(state))).toBe(true);
    const position: QuantitiesByState = { ...emptyQuantities(), ...states };
    expect(sellableQuantity(position)).toBe(available);
  });

  it('reports a case-packed SKU in canonical units in every state', () => {
    const record = recordOf(
      detailedSummary({
        sellerSku: 'CANDLE',
        inventoryDetails: {
          fulfillableQuantity: 3,
          inboundShippedQuantity: 1,
          unfulfillableQuantity: { totalUnfulfillableQuantity: 2 },
        },
      }),
    );
    expect(record.quantities).toEqual({
      onHand: 60,
      committed: 0,
      reserved: 0,
      damaged: 24,
      qualityControl: 0,
      inTransit: 12,
      available: 36,
    });
  });

  it('takes observedAt from lastUpdatedTime, the time Amazon observed the quantities', () => {
    expect(recordOf(detailedSummary()).observedAt).toBe('2026-11-24T11:00:00.000Z');
  });

  it('falls back to the time of the answer when lastUpdatedTime is empty, absent or unreadable (never "")', () => {
    for (const lastUpdatedTime of ['', '   ', null, undefined, 'yesterday']) {
      const record = recordOf(detailedSummary({ lastUpdatedTime }));
      expect(record.observedAt).toBe(answeredAt);
      expect(TimestampSchema.safeParse(record.observedAt).success).toBe(true);
    }
  });

  it('refuses a summary without details as malformed instead of reading it as zero stock', () => {
    const mapped = mapInventorySummary(
      detailedSummary({ inventoryDetails: undefined }),
      0,
      marketplace,
      mapping,
      answeredAt,
    );
    expect('failure' in mapped && MalformedPayloadError.isInstance(mapped.failure.error)).toBe(true);
  });
});
