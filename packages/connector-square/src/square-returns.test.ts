import type { InventoryEvent } from '@stockwire/model';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSquareSandbox, type SquareSandbox } from './sandbox/index.ts';
import { north, sandboxConnector, vendorSku } from './square-conformance-harness.test-helpers.ts';

/**
 * Refunds and returns restock as Square reports them: Square's `refund.*` webhooks carry a PaymentRefund (money,
 * no lines, no stock), so what comes back to the shelf is read from Square's own inventory adjustments out of
 * SOLD / UNLINKED_RETURN, through the changes feed.
 */
describe('Square returns through the changes feed', () => {
  let sandbox: SquareSandbox;
  let red: string;

  beforeAll(async () => {
    sandbox = await createSquareSandbox();
  });
  afterAll(async () => await sandbox?.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.addLocation(north);
    red = sandbox.addVariation(vendorSku('SKU-RED'));
    sandbox.setCount(red, north, 'IN_STOCK', '5');
    sandbox.setCount(red, north, 'SOLD', '3');
  });

  const eventsAfter = async (adjust: () => void): Promise<InventoryEvent[]> => {
    const connector = sandboxConnector(sandbox);
    const baseline = await connector.changes?.pull({});
    adjust();
    const page = await connector.changes?.pull({ cursor: baseline?.cursor });
    expect(page?.failures).toEqual([]);
    return [...(page?.events ?? [])];
  };
  const kinds = (events: readonly InventoryEvent[]) =>
    events.map((event) => ({
      kind: event.kind,
      sku: event.sku,
      location: event.location,
      ...('quantity' in event ? { quantity: event.quantity } : {}),
      ...('disposition' in event ? { disposition: event.disposition } : {}),
      ...('from' in event ? { from: event.from, to: event.to } : {}),
    }));

  it('restocks a refunded sale returned to the shelf (SOLD → IN_STOCK)', async () => {
    const events = await eventsAfter(() =>
      sandbox.adjust({ variationId: red, locationId: north, from: 'SOLD', to: 'IN_STOCK', quantity: '2' }),
    );
    expect(kinds(events)).toEqual([
      { kind: 'return-received', sku: 'SKU-RED', location: 'wh-north', quantity: 2, disposition: 'restock' },
    ]);
    expect(sandbox.count(red, north)).toBe('7');
  });

  it('restocks a return without a sale in Square (UNLINKED_RETURN → IN_STOCK)', async () => {
    const events = await eventsAfter(() =>
      sandbox.adjust({ variationId: red, locationId: north, from: 'UNLINKED_RETURN', to: 'IN_STOCK', quantity: '1' }),
    );
    expect(kinds(events)).toEqual([
      { kind: 'return-received', sku: 'SKU-RED', location: 'wh-north', quantity: 1, disposition: 'restock' },
    ]);
  });

  it('quarantines a returned item held for inspection, then puts it on sale when Square restocks it', async () => {
    const events = await eventsAfter(() => {
      sandbox.adjust({ variationId: red, locationId: north, from: 'SOLD', to: 'RETURNED_BY_CUSTOMER', quantity: '1' });
      sandbox.adjust({
        variationId: red,
        locationId: north,
        from: 'RETURNED_BY_CUSTOMER',
        to: 'IN_STOCK',
        quantity: '1',
      });
    });
    expect(kinds(events)).toEqual([
      { kind: 'return-received', sku: 'SKU-RED', location: 'wh-north', quantity: 1, disposition: 'quarantine' },
      {
        kind: 'state-move',
        sku: 'SKU-RED',
        location: 'wh-north',
        quantity: 1,
        from: 'qualityControl',
        to: 'available',
      },
    ]);
  });
});
