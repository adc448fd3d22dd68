import { describe, expect, it } from 'vitest';
import { deliveryDelays } from './delivery-faults.ts';
import { reliableDelivery } from './scenario.ts';

describe('deliveryDelays', () => {
  it('delivers once, within the delay range, when nothing goes wrong', () => {
    const delays = deliveryDelays(1, 'order-1:created', reliableDelivery);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(0.2);
    expect(delays[0]).toBeLessThanOrEqual(0.8);
  });

  it('loses, duplicates and delays as the shares say', () => {
    expect(deliveryDelays(1, 'order-1:created', { ...reliableDelivery, dropShare: 1 })).toEqual([]);
    const twice = deliveryDelays(1, 'order-1:created', { ...reliableDelivery, duplicateShare: 1 });
    expect(twice).toHaveLength(2);
    expect(twice[1]).toBeGreaterThan(twice[0] ?? Number.POSITIVE_INFINITY);
    const late = deliveryDelays(1, 'order-1:created', { ...reliableDelivery, lateShare: 1, lateDelaySeconds: 120 });
    expect(late[0]).toBeGreaterThanOrEqual(120.2);
  });

  it('gives the same event the same fate for the same seed', () => {
    const faults = { ...reliableDelivery, duplicateShare: 0.5, lateShare: 0.5, lateDelaySeconds: 60, dropShare: 0.2 };
    expect(deliveryDelays(9, 'order-7:shipped', faults)).toEqual(deliveryDelays(9, 'order-7:shipped', faults));
  });
});
