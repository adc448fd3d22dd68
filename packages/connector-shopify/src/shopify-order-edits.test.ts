import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { PermanentItemError } from '@stockwire/connector-spec';
import { buildCatalog, InventoryEventSchema, OrderRecordSchema, StockwireConfigurationSchema } from '@stockwire/model';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';

const connection = 'shopify-eu';
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'store-berlin', kind: 'store' }],
  skus: [{ id: 'SUNGLASSES', aliases: [{ connection, value: 'SKU2006-001' }] }, { id: 'SKU2006-020' }],
  connections: { [connection]: { connector: 'shopify', locations: { 'gid://shopify/Location/1001': 'store-berlin' } } },
  authority: [{ connections: [connection], states: '*' }],
  channels: [{ id: 'web', connection, locations: ['store-berlin'] }],
});
/**
 * Shopify's orders/edited example shape (webhook reference), naming the lines of its orders/create example
 * (order 820982911946154508): line 487817672276298554 lowered by 1 (to 0: removed), line 976318377106520349 raised by 2.
 */
const editBody = readFileSync(new URL('./__fixtures__/orders-edited.webhook.json', import.meta.url), 'utf8');
const orderId = '820982911946154508';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

function connector(settings: { onlineOrderLocation?: string } = {}) {
  return createShopifyConnector(
    { ...sandbox.connectionSettings({ accessToken: 'TOKEN', apiSecretKey: 'SECRET' }), ...settings },
    {
      mapping: createConnectionMapping(buildCatalog(configuration), connection),
      environment: { TOKEN: sandbox.accessToken, SECRET: sandbox.apiSecretKey },
    },
  );
}

describe('orders/edited: an order edit changes its holds', () => {
  it('a line lowered releases the units removed and a line raised holds the units added, at the order’s location', async () => {
    sandbox.putOrder({
      id: orderId,
      retailLocationId: 'gid://shopify/Location/1001',
      lineItems: [
        { id: '487817672276298554', sku: 'SKU2006-001', currentQuantity: 0 },
        { id: '976318377106520349', sku: 'SKU2006-020', currentQuantity: 3 },
      ],
    });
    const shopify = connector();
    const delivery = sandbox.webhook('orders/edited', editBody);
    await shopify.webhooks.verify(delivery);
    const parsed = await shopify.webhooks.parse(delivery);
    expect(parsed.failures).toEqual([]);
    expect(parsed.events).toEqual([
      expect.objectContaining({
        kind: 'reservation-released',
        reason: 'edited',
        idempotencyKey: `${connection}/order-edit/78912328/removed/line/487817672276298554`,
        sku: 'SUNGLASSES',
        location: 'store-berlin',
        quantity: 1,
        orderReference: orderId,
        lineReference: '487817672276298554',
      }),
      expect.objectContaining({
        kind: 'reservation-created',
        idempotencyKey: `${connection}/order-edit/78912328/added/line/976318377106520349`,
        sku: 'SKU2006-020',
        location: 'store-berlin',
        quantity: 2,
      }),
    ]);
    for (const event of parsed.events) expect(InventoryEventSchema.safeParse(event).success).toBe(true);
    // The lines were read from the Admin API (the edit names them by id only); a redelivery reads the same.
    expect((await shopify.webhooks.parse(delivery)).events).toEqual(parsed.events);
    expect(sandbox.state.answered.map((answer) => answer.operation)).toEqual(['OrderLines', 'OrderLines']);
  });

  it('an order Stockwire routes releases the units removed from a line, named by the edit, and refuses units added', async () => {
    // The lowered line keeps 2 of its 3 units: the release names the 1 unit removed, not the whole line (#13).
    for (const remaining of [0, 2]) {
      sandbox.putOrder({
        id: orderId,
        lineItems: [
          { id: '487817672276298554', sku: 'SKU2006-001', currentQuantity: remaining },
          { id: '976318377106520349', sku: 'SKU2006-020', currentQuantity: 3 },
        ],
      });
      const parsed = await connector().webhooks.parse(sandbox.webhook('orders/edited', editBody));
      expect(parsed.events).toEqual([]);
      expect(parsed.orders).toEqual([
        {
          kind: 'order-released',
          source: connection,
          orderReference: orderId,
          occurredAt: expect.any(String),
          reason: 'edited',
          lineReference: '487817672276298554',
          quantity: 1,
          changeReference: 'order-edit/78912328',
        },
      ]);
      expect(OrderRecordSchema.safeParse(parsed.orders?.[0]).success).toBe(true);
      expect(parsed.failures.map((failure) => [failure.where, PermanentItemError.isInstance(failure.error)])).toEqual([
        ['$.order_edit.line_items.additions[0]', true],
      ]);
    }
  });

  it('an edit of an order Shopify does not have is one named failure', async () => {
    const parsed = await connector().webhooks.parse(sandbox.webhook('orders/edited', editBody));
    expect(parsed.events).toEqual([]);
    expect(parsed.failures[0]?.error.message).toMatch(/order 820982911946154508/);
  });
});
