import {
  type Channel,
  ChannelSchema,
  computeChannelQuantity,
  LocationSchema,
  type Sku,
  SkuSchema,
} from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { explainChannelQuantity } from './explain-steps.ts';

const locations = new Map(
  [
    LocationSchema.parse({ id: 'wh-1', kind: 'warehouse' }),
    LocationSchema.parse({ id: 'wh-2', kind: 'warehouse' }),
    LocationSchema.parse({ id: 'shop', kind: 'store', status: 'offline' }),
  ].map((location) => [location.id, location]),
);

function explain(channelInput: unknown, sku: Sku, sellable: Record<string, number>, skus: Sku[] = [sku]): string {
  const channel: Channel = ChannelSchema.parse(channelInput);
  const result = computeChannelQuantity({
    channel,
    sku,
    locations,
    skus: new Map(skus.map((candidate) => [candidate.id, candidate])),
    sellableAt: (skuId, location) => sellable[`${skuId}@${location}`] ?? 0,
    incomingAt: () => [{ quantity: 30, expectedAt: '2025-01-10T00:00:00Z' }],
    now: new Date('2025-01-01T00:00:00Z'),
  });
  return explainChannelQuantity(result, channel, sku);
}

const tee = SkuSchema.parse({ id: 'TEE', units: [{ connection: 'b2b', unit: 'case', unitsPer: 12 }] });

describe('explainChannelQuantity', () => {
  it('writes the trace as arithmetic: per-location sellable, total, then each rule with its result', () => {
    const why = explain(
      { id: 'web', connection: 'store', locations: ['wh-1', 'wh-2', 'shop'], policy: { percentage: 80, buffer: 2 } },
      tee,
      { 'TEE@wh-1': 4, 'TEE@wh-2': 6, 'TEE@shop': 50 },
    );
    // 4 + 6 = 10; 80% of 10 = 8; minus the buffer of 2 = 6. The offline shop's 50 count for nothing.
    expect(why).toBe('sellable wh-1=4 + wh-2=6 = 10 (offline: shop) → percentage 80% → 8 → buffer −2 → 6');
  });

  it('marks rules that come from a per-SKU override', () => {
    const why = explain(
      {
        id: 'web',
        connection: 'store',
        locations: ['wh-1'],
        policy: { buffer: 2 },
        overrides: [{ skus: ['TEE'], policy: { buffer: 5, maximum: 3 } }],
      },
      tee,
      { 'TEE@wh-1': 10 },
    );
    expect(why).toBe('sellable wh-1=10 → buffer −5 (override) → 5 → maximum 3 (override) → 3');
  });

  it('shows zero-below, preorder and the pack size in their own words', () => {
    expect(
      explain({ id: 'mp', connection: 'market', locations: ['wh-1'], policy: { zeroBelow: 3 } }, tee, {
        'TEE@wh-1': 2,
      }),
    ).toBe('sellable wh-1=2 → zero below 3 → 0');
    expect(
      explain(
        { id: 'web', connection: 'store', locations: ['wh-1'], policy: { preorder: { horizonDays: 30, limit: 24 } } },
        tee,
        {},
      ),
    ).toBe('sellable wh-1=0 → preorder 30 incoming within 30 days, limit 24 → 24');
    // 30 units are two full cases of 12; the 6 left over are not offered.
    expect(explain({ id: 'b2b', connection: 'b2b', locations: ['wh-1'] }, tee, { 'TEE@wh-1': 30 })).toBe(
      'sellable wh-1=30 → in cases of 12 → 2',
    );
  });

  it('labels kits, counted per location', () => {
    const mug = SkuSchema.parse({ id: 'MUG' });
    const kit = SkuSchema.parse({
      id: 'SET',
      kit: {
        components: [
          { sku: 'TEE', quantity: 1 },
          { sku: 'MUG', quantity: 2 },
        ],
      },
    });
    const why = explain(
      { id: 'web', connection: 'store', locations: ['wh-1', 'wh-2'] },
      kit,
      { 'TEE@wh-1': 5, 'MUG@wh-1': 4, 'TEE@wh-2': 0, 'MUG@wh-2': 10 },
      [tee, mug, kit],
    );
    // wh-1: min(5 tees, 4 mugs / 2) = 2 sets; wh-2 has no tee: 0 sets.
    expect(why).toBe('kits per location wh-1=2 + wh-2=0 = 2');
  });

  it('explains a discontinued SKU in one word', () => {
    const retired = SkuSchema.parse({ id: 'OLD', discontinued: true });
    expect(explain({ id: 'web', connection: 'store', locations: ['wh-1'] }, retired, {})).toBe('discontinued → 0');
  });
});
