import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ConnectorV2 } from './connector-v2.ts';
import { describeCapabilities, supports } from './describe-capabilities.ts';

const pushCapability = {
  maxBatchSize: 50,
  absolute: true,
  compareAndSet: false,
  listingStatuses: ['in-stock'],
  push: async () => ({ results: [], requestsMade: 0 }),
} as const satisfies NonNullable<ConnectorV2['push']>;

const connector: ConnectorV2 = {
  specificationVersion: 'v2',
  connector: 'acme',
  connection: 'acme-eu',
  push: pushCapability,
  webhooks: {
    topics: ['inventory'],
    verify: async () => {},
    parse: async () => ({ deliveryId: 'd', topic: 'inventory', events: [], failures: [] }),
  },
};

describe('describeCapabilities', () => {
  it('returns only the data of the capabilities present, with no methods', () => {
    const description = describeCapabilities(connector);
    expect(description).toEqual({
      push: { maxBatchSize: 50, absolute: true, compareAndSet: false, listingStatuses: ['in-stock'] },
      webhooks: { topics: ['inventory'] },
    });
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);
  });
});

describe('supports', () => {
  it('is true exactly for the capability objects present', () => {
    expect(supports(connector, 'push')).toBe(true);
    expect(supports(connector, 'webhooks')).toBe(true);
    expect(supports(connector, 'snapshot')).toBe(false);
    expect(supports(connector, 'changes')).toBe(false);
    expect(supports(connector, 'orders')).toBe(false);
  });

  it('narrows the connector so the capability is usable without a further check', () => {
    if (!supports(connector, 'push')) throw new Error('the fixture declares push');
    expectTypeOf(connector.push.push).toBeFunction();
  });
});
