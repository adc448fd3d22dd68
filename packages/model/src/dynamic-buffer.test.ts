import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelSchema, effectivePolicy } from './channel.ts';
import { computeChannelQuantity } from './channel-quantity.ts';
import { DynamicBufferSchema, describeDynamicBuffer, sizeDynamicBuffer } from './dynamic-buffer.ts';
import { LocationSchema } from './location.ts';
import { SkuSchema } from './sku.ts';

const policy = (input: Parameters<typeof DynamicBufferSchema.parse>[0]) => DynamicBufferSchema.parse(input);

describe('sizeDynamicBuffer', () => {
  it('holds back the units expected to sell within one latency, rounded up', () => {
    // 24 sold in 60 min is 0.4 a minute; over 5 min of latency that is 2 units exactly, not rounded up to 3.
    const exact = sizeDynamicBuffer(policy({ windowMinutes: 60, ceiling: 50 }), {
      unitsSold: 24,
      measuredLatencySeconds: 300,
    });
    expect(exact).toMatchObject({ units: 2, expected: 2, latencySeconds: 300, bound: undefined });
    // 7 sold in 10 min × 5 min = 3.5 → 4.
    const rounded = sizeDynamicBuffer(policy({ windowMinutes: 10, ceiling: 50 }), {
      unitsSold: 7,
      measuredLatencySeconds: 300,
    });
    expect(rounded).toMatchObject({ units: 4, expected: 3.5 });
  });

  it('adds the extra latency to the measured one, and uses it alone before any push was measured', () => {
    const settings = policy({ windowMinutes: 10, ceiling: 50, extraLatencySeconds: 120 });
    expect(sizeDynamicBuffer(settings, { unitsSold: 10, measuredLatencySeconds: 180 }).units).toBe(5);
    expect(sizeDynamicBuffer(settings, { unitsSold: 10, measuredLatencySeconds: undefined })).toMatchObject({
      units: 2,
      latencySeconds: 120,
    });
  });

  it('clamps to the floor and the ceiling and says which one decided', () => {
    const settings = policy({ windowMinutes: 1, floor: 2, ceiling: 6 });
    expect(sizeDynamicBuffer(settings, { unitsSold: 0, measuredLatencySeconds: 30 })).toMatchObject({
      units: 2,
      bound: 'floor',
    });
    expect(sizeDynamicBuffer(settings, { unitsSold: 100, measuredLatencySeconds: 30 })).toMatchObject({
      units: 6,
      expected: 50,
      bound: 'ceiling',
    });
  });

  it('explains the arithmetic', () => {
    const size = sizeDynamicBuffer(policy({ windowMinutes: 10, floor: 1, ceiling: 3 }), {
      unitsSold: 7,
      measuredLatencySeconds: 300,
    });
    expect(describeDynamicBuffer(size)).toBe(
      'velocity 7 sold in 10 min × latency 300 s = 3.50, rounded up → ceiling 3',
    );
  });

  it('refuses a floor above the ceiling and unknown keys', () => {
    expect(() => policy({ floor: 5, ceiling: 4 })).toThrow(/must not exceed ceiling/);
    expect(() => policy({ ceiling: 4, window: 5 } as never)).toThrow();
  });

  it('stays within floor and ceiling, and never shrinks when more sold or the latency grew (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 3_600, noNaN: true }),
        fc.double({ min: 0, max: 600, noNaN: true }),
        (windowMinutes, floor, span, unitsSold, more, latency, slower) => {
          const settings = policy({ windowMinutes, floor, ceiling: floor + span });
          const size = sizeDynamicBuffer(settings, { unitsSold, measuredLatencySeconds: latency });
          expect(Number.isInteger(size.units)).toBe(true);
          expect(size.units).toBeGreaterThanOrEqual(floor);
          expect(size.units).toBeLessThanOrEqual(floor + span);
          expect(size.units).toBeGreaterThanOrEqual(Math.min(floor + span, Math.ceil(size.expected - 1e-9)));
          const busier = sizeDynamicBuffer(settings, { unitsSold: unitsSold + more, measuredLatencySeconds: latency });
          const later = sizeDynamicBuffer(settings, { unitsSold, measuredLatencySeconds: latency + slower });
          expect(busier.units).toBeGreaterThanOrEqual(size.units);
          expect(later.units).toBeGreaterThanOrEqual(size.units);
        },
      ),
    );
  });
});

describe('a channel with a dynamic buffer', () => {
  const locations = new Map([['wh-1', LocationSchema.parse({ id: 'wh-1', kind: 'warehouse' })]]);
  const tee = SkuSchema.parse({ id: 'TEE' });
  const cap = SkuSchema.parse({ id: 'CAP' });
  const skus = new Map([
    [tee.id, tee],
    [cap.id, cap],
  ]);
  const channel = ChannelSchema.parse({
    id: 'web',
    connection: 'store',
    locations: ['wh-1'],
    policy: { percentage: 90, dynamicBuffer: { windowMinutes: 10, floor: 1, ceiling: 20 } },
    overrides: [
      { skus: ['CAP'], policy: { buffer: 3 } },
      { skus: ['TEE'], policy: { maximum: 40 } },
    ],
  });
  const compute = (sku: typeof tee, unitsSold: number) =>
    computeChannelQuantity({
      channel,
      sku,
      locations,
      skus,
      sellableAt: () => 50,
      now: new Date('2026-12-06T20:00:00Z'),
      demand: () => ({ unitsSold, measuredLatencySeconds: 300 }),
    });

  it('holds back velocity × latency after the percentage, explained as a dynamic-buffer step', () => {
    // 50 × 90% = 45; 7 sold in 10 min × 300 s = 3.5 → 4 held back: 41; the override's maximum 40 caps it.
    const result = compute(tee, 7);
    expect(result.steps.map((step) => [step.rule, step.quantity])).toEqual([
      ['sellable', 50],
      ['percentage', 45],
      ['dynamic-buffer', 41],
      ['maximum', 40],
    ]);
    expect(result.steps[2]?.detail).toBe(
      'velocity 7 sold in 10 min × latency 300 s = 3.50, rounded up: minus 4 held back',
    );
    // Quiet: the floor of 1 is held back.
    expect(compute(tee, 0).steps[2]).toMatchObject({ rule: 'dynamic-buffer', quantity: 44 });
  });

  it('an override naming only the maximum keeps the channel’s percentage and dynamic buffer', () => {
    expect(effectivePolicy(channel, 'TEE')).toMatchObject({ percentage: 90, buffer: 0, maximum: 40 });
    expect(effectivePolicy(channel, 'TEE').dynamicBuffer).toEqual({
      windowMinutes: 10,
      floor: 1,
      ceiling: 20,
      extraLatencySeconds: 0,
    });
  });

  it('an override naming a fixed buffer turns the dynamic one off for its SKUs, and the other way round', () => {
    expect(compute(cap, 7).steps.map((step) => [step.rule, step.quantity])).toEqual([
      ['sellable', 50],
      ['percentage', 45],
      ['buffer', 42],
    ]);
    const fixed = ChannelSchema.parse({
      id: 'web',
      connection: 'store',
      locations: ['wh-1'],
      policy: { buffer: 5 },
      overrides: [{ skus: ['TEE'], policy: { dynamicBuffer: { ceiling: 8 } } }],
    });
    expect(effectivePolicy(fixed, 'TEE')).toMatchObject({ buffer: 0, dynamicBuffer: { ceiling: 8, floor: 0 } });
    expect(effectivePolicy(fixed, 'CAP').buffer).toBe(5);
    expect(effectivePolicy(fixed, 'CAP').dynamicBuffer).toBeUndefined();
  });

  it('refuses a policy naming both a fixed and a dynamic buffer', () => {
    const both = { buffer: 2, dynamicBuffer: { ceiling: 5 } };
    expect(() => ChannelSchema.parse({ id: 'web', connection: 'store', locations: ['wh-1'], policy: both })).toThrow(
      /either a fixed buffer or a dynamicBuffer/,
    );
    expect(() =>
      ChannelSchema.parse({
        id: 'web',
        connection: 'store',
        locations: ['wh-1'],
        overrides: [{ skus: ['TEE'], policy: both }],
      }),
    ).toThrow(/either a fixed buffer or a dynamicBuffer/);
  });
});
