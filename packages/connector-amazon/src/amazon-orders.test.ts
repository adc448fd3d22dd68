import { InventoryEventSchema, OrderRecordSchema } from '@stockwire/model';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AmazonInvalidCursorError } from './amazon-errors.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import { amazonOrder } from './test-support/amazon-orders-builder.ts';
import {
  manySkuConfiguration,
  mappingOf,
  marketplaces,
  sandboxConnector,
  skuName,
} from './test-support/amazon-test-setup.ts';

const connection = 'amazon-orders';
const mapping = mappingOf(manySkuConfiguration(connection, 5), connection);
const now = new Date('2026-11-24T12:00:00Z');
let sandbox: AmazonSandbox;

const connector = () => sandboxConnector(sandbox, mapping, {}, { now: () => now });

beforeAll(async () => {
  sandbox = await createAmazonSandbox({ enforceRateLimits: false });
});
afterAll(async () => await sandbox.close());
beforeEach(() => {
  sandbox.reset();
  sandbox.putOrder(
    amazonOrder({
      orderId: '113-0000001-0000001',
      lastUpdatedTime: '2026-11-24T09:00:00Z',
      marketplaceId: marketplaces.us,
      status: 'UNSHIPPED',
      items: [
        { orderItemId: '10001', sellerSku: skuName(0), quantityOrdered: 2 },
        { orderItemId: '10002', sellerSku: skuName(1), quantityOrdered: 1 },
      ],
    }),
  );
  sandbox.putOrder(
    amazonOrder({
      orderId: '113-0000002-0000002',
      lastUpdatedTime: '2026-11-24T10:00:00Z',
      marketplaceId: marketplaces.ca,
      status: 'CANCELLED',
      items: [{ orderItemId: '20001', sellerSku: skuName(2), quantityOrdered: 3 }],
    }),
  );
  sandbox.putOrder(
    amazonOrder({
      orderId: '113-0000003-0000003',
      lastUpdatedTime: '2026-11-24T10:30:00Z',
      marketplaceId: marketplaces.us,
      status: 'PENDING',
      fulfilledBy: 'AMAZON',
      items: [{ orderItemId: '30001', sellerSku: skuName(3), quantityOrdered: 1 }],
    }),
  );
  sandbox.putOrder(
    amazonOrder({
      orderId: '113-0000004-0000004',
      lastUpdatedTime: '2026-11-24T11:00:00Z',
      marketplaceId: marketplaces.us,
      status: 'PENDING',
      items: [{ orderItemId: '40001', sellerSku: 'NOT-IN-CATALOG', quantityOrdered: 1 }],
    }),
  );
});

describe('polling merchant-fulfilled orders with a cursor', () => {
  it('turns pending and unshipped orders into reservations and cancellations into releases, resuming after a crash', async () => {
    const first = await connector().orders.pull({ limit: 2 });
    const search = sandbox.spApiCalls()[0];
    expect(search?.path).toBe('/orders/2026-01-01/orders');
    expect(search?.query).toEqual({
      lastUpdatedAfter: '2026-11-23T12:00:00.000Z',
      marketplaceIds: `${marketplaces.us},${marketplaces.ca}`,
      fulfilledBy: 'MERCHANT',
      maxResultsPerPage: '2',
    });
    expect(first.hasMore).toBe(true);
    expect(
      first.events.map((event) => [event.kind, event.sku, event.location, 'quantity' in event && event.quantity]),
    ).toEqual([
      ['reservation-created', skuName(0), 'amazon-us', 2],
      ['reservation-created', skuName(1), 'amazon-us', 1],
      ['reservation-released', skuName(2), 'amazon-ca', 3],
    ]);
    for (const event of first.events) expect(InventoryEventSchema.safeParse(event).success).toBe(true);

    // The runner stores the cursor as JSON; a new instance resumes from it.
    const restarted = connector();
    const parsed = restarted.orders.cursorSchema.safeParse(JSON.parse(JSON.stringify(first.cursor)));
    if (!parsed.success) throw new Error(`the stored cursor fails the connector's schema: ${parsed.error.message}`);
    const stored = parsed.data;
    const second = await restarted.orders.pull({ cursor: stored, limit: 2 });
    expect(sandbox.spApiCalls()[1]?.query.paginationToken).toBe(first.cursor.paginationToken);
    expect(second.events).toEqual([]);
    expect(second.failures.map((failure) => failure.error.name)).toEqual(['UnmappedSkuError']);
    expect(second.hasMore).toBe(false);
    expect(second.cursor).toEqual({ lastUpdatedAfter: '2026-11-24T11:00:00Z' });

    sandbox.putOrder(
      amazonOrder({
        orderId: '113-0000001-0000001',
        lastUpdatedTime: '2026-11-24T11:30:00Z',
        marketplaceId: marketplaces.us,
        status: 'CANCELLED',
        items: [
          { orderItemId: '10001', sellerSku: skuName(0), quantityOrdered: 2 },
          { orderItemId: '10002', sellerSku: skuName(1), quantityOrdered: 1 },
        ],
      }),
    );
    const third = await connector().orders.pull({ cursor: second.cursor });
    expect(sandbox.spApiCalls()[2]?.query.lastUpdatedAfter).toBe('2026-11-24T11:00:00Z');
    expect(third.events.map((event) => [event.kind, event.idempotencyKey])).toEqual([
      ['reservation-released', `${connection}/113-0000001-0000001/10001/reservation-released`],
      ['reservation-released', `${connection}/113-0000001-0000001/10002/reservation-released`],
    ]);
  });

  it('with merchantOrders: route, gives order records for the engine to route instead of located reservations', async () => {
    sandbox.putOrder(
      amazonOrder({
        orderId: '113-0000005-0000005',
        lastUpdatedTime: '2026-11-24T11:10:00Z',
        marketplaceId: marketplaces.us,
        status: 'SHIPPED',
        items: [{ orderItemId: '50001', sellerSku: skuName(4), quantityOrdered: 2 }],
      }),
    );
    const routing = sandboxConnector(sandbox, mapping, { merchantOrders: 'route' }, { now: () => now });
    const page = await routing.orders.pull({});
    expect(page.events).toEqual([]);
    expect(page.orders).toEqual([
      {
        kind: 'order-placed',
        source: connection,
        orderReference: '113-0000001-0000001',
        occurredAt: '2026-11-24T09:00:00Z',
        lines: [
          { lineReference: '10001', sku: skuName(0), quantity: 2 },
          { lineReference: '10002', sku: skuName(1), quantity: 1 },
        ],
      },
      {
        kind: 'order-released',
        source: connection,
        orderReference: '113-0000002-0000002',
        occurredAt: '2026-11-24T10:00:00Z',
        reason: 'cancelled',
      },
      // First seen already shipped: placed (idempotent per order) and fulfilled, so it holds and consumes once.
      {
        kind: 'order-placed',
        source: connection,
        orderReference: '113-0000005-0000005',
        occurredAt: '2026-11-24T11:10:00Z',
        lines: [{ lineReference: '50001', sku: skuName(4), quantity: 2 }],
      },
      {
        kind: 'order-fulfilled',
        source: connection,
        orderReference: '113-0000005-0000005',
        occurredAt: '2026-11-24T11:10:00Z',
      },
    ]);
    for (const order of page.orders ?? []) expect(OrderRecordSchema.safeParse(order).success).toBe(true);
    // The order naming an unknown SKU holds nothing and says why, as before.
    expect(page.failures.map((failure) => failure.error.name)).toEqual(['UnmappedSkuError']);
  });

  it('refuses a stored cursor that is not one of ours, saying so', async () => {
    const error = await connector()
      .orders.pull({ cursor: { since: 'yesterday' } as never })
      .catch((caught: unknown) => caught);
    expect(AmazonInvalidCursorError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/cursor/);
    expect(sandbox.spApiCalls()).toHaveLength(0);
  });
});
