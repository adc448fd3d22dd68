import { ConnectorConfigurationError, UnmappedSkuError } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EbayOrdersCursor } from './ebay-orders.ts';
import { createEbaySandbox, type EbaySandbox } from './sandbox/index.ts';
import { sandboxConnector, storeKey, warehouseKey } from './test-support/ebay-test-setup.ts';

let sandbox: EbaySandbox;
beforeAll(async () => {
  sandbox = await createEbaySandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.listSku('TEE', { locations: { [warehouseKey]: 10, [storeKey]: 4 } });
  sandbox.listSku('EBAY-MUG', { locations: { [warehouseKey]: 10 } });
});

async function pullAll(connector: ReturnType<typeof sandboxConnector>, cursor?: EbayOrdersCursor) {
  const pages = [];
  let current = cursor;
  for (let poll = 0; poll < 20; poll++) {
    const page = await connector.orders.pull({ cursor: current });
    pages.push(page);
    current = page.cursor;
    if (!page.hasMore) break;
  }
  return { pages, cursor: current };
}

describe('eBay orders', () => {
  it('polls getOrders by lastmodifieddate, pages by offset, and resumes after the last modification seen', async () => {
    const shipped = sandbox.placeOrder({ lines: [{ sku: 'TEE', quantity: 2 }] });
    sandbox.placeOrder({ lines: [{ sku: 'EBAY-MUG', quantity: 1 }] });
    sandbox.placeOrder({ lines: [{ sku: 'TEE', quantity: 1 }], pickupAt: storeKey });
    const connector = sandboxConnector(sandbox, { settings: { ordersPageSize: 2 } });
    const first = await pullAll(connector);
    expect(first.pages.map((page) => page.hasMore)).toEqual([true, false]);
    const queries = sandbox.exchanges
      .filter((call) => call.path === '/sell/fulfillment/v1/order')
      .map((call) => call.query);
    expect(queries[0]?.filter).toMatch(/^lastmodifieddate:\[\d{4}-\d\d-\d\dT[^.]+\.\d{3}Z\.\.\d{4}-[^\]]+\]$/);
    expect(queries.map((query) => [query.limit, query.offset])).toEqual([
      ['2', '0'],
      ['2', '2'],
    ]);
    // Both pages ask for the same window, so an order modified meanwhile does not shift the offsets.
    expect(queries[1]?.filter).toBe(queries[0]?.filter);
    const orders = first.pages.flatMap((page) => page.orders ?? []);
    expect(orders.map((order) => [order.kind, 'lines' in order ? order.lines : undefined])).toEqual([
      ['order-placed', [{ lineReference: expect.any(String), sku: 'TEE', quantity: 2 }]],
      ['order-placed', [{ lineReference: expect.any(String), sku: 'MUG', quantity: 1 }]],
    ]);
    // In-Store Pickup names the store: a reservation there, not an order to route.
    const events = first.pages.flatMap((page) => page.events);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'reservation-created', sku: 'TEE', location: 'store-sf', quantity: 1 }),
    ]);

    sandbox.shipOrder(shipped);
    const next = await pullAll(connector, first.cursor);
    // The order modified last before the first pass ends its window, so it comes again (its keys make that
    // harmless); the shipped order comes placed and fulfilled together.
    const again = next.pages.flatMap((page) => page.orders ?? []);
    expect(again.filter((order) => order.orderReference === shipped).map((order) => order.kind)).toEqual([
      'order-placed',
      'order-fulfilled',
    ]);
    expect(again.length).toBeLessThanOrEqual(3);
  });

  it('releases a cancelled order, and reports an unmapped SKU beside the mapped lines', async () => {
    const orderId = sandbox.placeOrder({
      lines: [
        { sku: 'TEE', quantity: 1 },
        { sku: 'NOT-IN-CATALOG', quantity: 1 },
      ],
    });
    const connector = sandboxConnector(sandbox);
    const placed = await pullAll(connector);
    const page = placed.pages[0];
    expect(page?.orders).toEqual([
      expect.objectContaining({ kind: 'order-placed', lines: [expect.objectContaining({ sku: 'TEE' })] }),
    ]);
    expect(page?.failures.map((failure) => UnmappedSkuError.isInstance(failure.error))).toEqual([true]);
    sandbox.cancelOrder(orderId);
    const released = await pullAll(connector, placed.cursor);
    expect(released.pages[0]?.orders).toEqual([
      expect.objectContaining({ kind: 'order-released', reason: 'cancelled', orderReference: orderId }),
    ]);
  });

  it('maps an ORDER_CONFIRMATION to the order the poll reads, with the notification id as delivery id', async () => {
    const orderId = sandbox.placeOrder({ lines: [{ sku: 'EBAY-MUG', quantity: 3 }] });
    const connector = sandboxConnector(sandbox);
    const delivery = sandbox.orderConfirmation(orderId);
    await connector.webhooks.verify(delivery);
    const parsed = await connector.webhooks.parse(delivery);
    const polled = await pullAll(connector);
    expect(parsed.deliveryId).toBe(
      (delivery.body as { notification: { notificationId: string } }).notification.notificationId,
    );
    expect(parsed.orders).toEqual(polled.pages.flatMap((page) => page.orders ?? []));
    expect(sandbox.exchanges.some((call) => call.path === `/sell/fulfillment/v1/order/${orderId}`)).toBe(true);
  });

  it('refuses a stored cursor that is not an eBay orders cursor', async () => {
    const failure = await sandboxConnector(sandbox)
      .orders.pull({ cursor: { since: 'yesterday' } as never })
      .catch((error: unknown) => error);
    expect(ConnectorConfigurationError.isInstance(failure)).toBe(true);
  });
});
