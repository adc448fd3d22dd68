import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { type ConnectorV2, type RawWebhookV2, WebhookSignatureError } from '@stockwire/connector-spec';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { createShopifyConnector } from './shopify-connector.ts';
import { ShopifyWebhookShopMismatchError } from './shopify-errors.ts';

const connection = 'shopify-eu';
const secret = 'a-test-app-secret';
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'store-berlin', kind: 'store' },
    { id: 'wh-main', kind: 'warehouse' },
  ],
  skus: [{ id: 'SUNGLASSES', aliases: [{ connection, value: 'SKU2006-001' }] }, { id: 'SKU2006-020' }],
  connections: {
    [connection]: {
      connector: 'shopify',
      locations: { 'gid://shopify/Location/1001': 'store-berlin', 'gid://shopify/Location/1002': 'wh-main' },
    },
  },
  authority: [{ connections: [connection], states: '*' }],
  channels: [{ id: 'web', connection, locations: ['store-berlin', 'wh-main'] }],
});

// The orders/create example payload of Shopify's webhook reference, at a POS location (1001).
const orderBody = readFileSync(new URL('./__fixtures__/orders-create.webhook.json', import.meta.url), 'utf8');

function connector(): ConnectorV2 {
  return createShopifyConnector(
    {
      shop: 'acme-eu.myshopify.com',
      accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' },
      apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
    },
    {
      mapping: createConnectionMapping(buildCatalog(configuration), connection),
      environment: { SHOPIFY_API_SECRET: secret },
    },
  );
}

/** Signed here, independently of the connector: base64 HMAC-SHA256 of the exact body bytes with the app secret. */
function delivery(topic: string, body: string, headers: Record<string, string> = {}): RawWebhookV2 {
  const signature = createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('base64');
  return {
    headers: {
      'X-Shopify-Topic': topic,
      'X-Shopify-Hmac-Sha256': signature,
      'X-Shopify-Shop-Domain': 'acme-eu.myshopify.com',
      'X-Shopify-Event-Id': `event-${topic}-${signature.slice(0, 8)}`,
      'X-Shopify-Triggered-At': '2022-01-01T00:00:01.000Z',
      ...headers,
    },
    rawBody: Buffer.from(body, 'utf8'),
    receivedAt: '2022-01-01T00:00:02.000Z',
  };
}

const rejection = async (promise: Promise<unknown> | undefined) =>
  await promise?.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('Shopify webhook verification', () => {
  it('accepts a body signed with the app secret and reads the order lines as reservations', async () => {
    const shopify = connector();
    const webhook = delivery('orders/create', orderBody);

    await expect(shopify.webhooks?.verify(webhook)).resolves.toBeUndefined();
    const parsed = await shopify.webhooks?.parse(webhook);

    expect(parsed?.failures).toEqual([]);
    expect(parsed?.topic).toBe('orders/create');
    expect(
      parsed?.events.map((event) => ({
        kind: event.kind,
        sku: event.sku,
        location: event.location,
        quantity: 'quantity' in event ? event.quantity : undefined,
      })),
    ).toEqual([
      { kind: 'reservation-created', sku: 'SUNGLASSES', location: 'store-berlin', quantity: 1 },
      { kind: 'reservation-created', sku: 'SKU2006-020', location: 'store-berlin', quantity: 1 },
    ]);
    expect(parsed?.events[0]).toMatchObject({
      source: connection,
      occurredAt: '2021-12-31T19:00:00-05:00',
      orderReference: '820982911946154508',
      lineReference: '487817672276298554',
      idempotencyKey: 'shopify-eu/order/820982911946154508/placed/line/487817672276298554',
    });
  });

  it('rejects a body changed after signing, a missing signature and a signature made with another secret', async () => {
    const shopify = connector();
    const signed = delivery('orders/create', orderBody);
    const tampered = { ...signed, rawBody: Buffer.from(orderBody.replace('"quantity": 1', '"quantity": 5'), 'utf8') };
    const unsigned = { ...signed, headers: { ...signed.headers, 'X-Shopify-Hmac-Sha256': '' } };
    const otherSecret = createHmac('sha256', 'another-secret').update(orderBody).digest('base64');
    const forged = { ...signed, headers: { ...signed.headers, 'X-Shopify-Hmac-Sha256': otherSecret } };

    for (const webhook of [tampered, unsigned, forged]) {
      const error = await rejection(shopify.webhooks?.verify(webhook));
      expect(WebhookSignatureError.isInstance(error)).toBe(true);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('refuses a delivery signed with the shared app secret but from another store, naming both shops (#13.8)', async () => {
    const shopify = connector();
    // Both stores installed the same app, so the other store's delivery is signed with the very same secret.
    const otherStore = delivery('orders/create', orderBody, { 'X-Shopify-Shop-Domain': 'acme-us.myshopify.com' });
    const error = await rejection(shopify.webhooks?.verify(otherStore));
    expect(WebhookSignatureError.isInstance(error)).toBe(true);
    expect(ShopifyWebhookShopMismatchError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'ShopifyWebhookShopMismatchError',
      retryable: false,
      expectedShop: 'acme-eu.myshopify.com',
      receivedShop: 'acme-us.myshopify.com',
    });
    expect((error as Error).message).toContain('"acme-us.myshopify.com"');
    expect((error as Error).message).toContain('"acme-eu.myshopify.com"');
    expect((error as Error).message).toContain(`connection "${connection}"`);

    const { 'X-Shopify-Shop-Domain': _shop, ...withoutShop } = delivery('orders/create', orderBody).headers;
    const anonymous = { ...delivery('orders/create', orderBody), headers: withoutShop };
    expect(await rejection(shopify.webhooks?.verify(anonymous))).toMatchObject({
      name: 'ShopifyWebhookShopMismatchError',
      receivedShop: undefined,
    });
    // The header's case is not significant; the shop's own delivery still passes.
    const shouted = delivery('orders/create', orderBody, { 'X-Shopify-Shop-Domain': 'ACME-EU.myshopify.com' });
    await expect(shopify.webhooks?.verify(shouted)).resolves.toBeUndefined();
  });
});

describe('Shopify order webhooks as reservation events', () => {
  const order = JSON.parse(orderBody) as Record<string, unknown>;

  it('parses a redelivery exactly as the first delivery, under the same X-Shopify-Event-Id', async () => {
    // The runner parses each delivery twice (before answering, then in its ingest job) and drops redeliveries by
    // deliveryId: a parser that remembered deliveries itself would hand the ingest job no events at all.
    const shopify = connector();
    const webhook = delivery('orders/create', orderBody, { 'X-Shopify-Event-Id': 'event-1' });
    const first = await shopify.webhooks?.parse(webhook);
    expect(first?.deliveryId).toBe('event-1');
    expect(first?.events).toHaveLength(2);
    expect(await shopify.webhooks?.parse(webhook)).toEqual(first);
  });

  it('releases a voided order as payment failed, and ignores an update triggered before the last one applied', async () => {
    const shopify = connector();
    const voided = JSON.stringify({ ...order, financial_status: 'voided', updated_at: '2022-01-02T10:00:00-05:00' });
    const newer = delivery('orders/updated', voided, {
      'X-Shopify-Event-Id': 'e2',
      'X-Shopify-Triggered-At': '2022-01-02T15:00:00Z',
    });
    const older = delivery('orders/updated', voided, {
      'X-Shopify-Event-Id': 'e1',
      'X-Shopify-Triggered-At': '2022-01-02T14:00:00Z',
    });

    const applied = await shopify.webhooks?.parse(newer);
    const stale = await shopify.webhooks?.parse(older);

    expect(applied?.events.map((event) => [event.kind, 'reason' in event ? event.reason : undefined])).toEqual([
      ['reservation-released', 'payment-failed'],
      ['reservation-released', 'payment-failed'],
    ]);
    expect(stale?.events).toEqual([]);
  });

  it('maps cancellations, fulfilments and refunds with and without restock', async () => {
    const shopify = connector();
    const cancelled = JSON.stringify({ ...order, cancelled_at: '2022-01-03T10:00:00-05:00' });
    const fulfillment = JSON.stringify({
      id: 255858046,
      order_id: order.id,
      location_id: 1002,
      created_at: '2022-01-04T10:00:00-05:00',
      line_items: [(order.line_items as unknown[])[0]],
    });
    const refund = JSON.parse(
      readFileSync(new URL('./__fixtures__/refunds-create.webhook.json', import.meta.url), 'utf8'),
    );
    const line = refund.refund_line_items[0];
    refund.refund_line_items = [
      { ...line, restock_type: 'return', line_item: { ...line.line_item, sku: 'SKU2006-001' } },
      { ...line, id: 2, restock_type: 'no_restock', line_item: { ...line.line_item, id: 2, sku: 'SKU2006-020' } },
      { ...line, id: 3, restock_type: 'cancel', line_item: { ...line.line_item, id: 3, sku: 'SKU2006-020' } },
    ];

    const kinds = async (topic: string, body: string) =>
      (await shopify.webhooks?.parse(delivery(topic, body)))?.events.map(
        (event) => `${event.kind} ${event.sku} ${event.location}`,
      );

    expect(await kinds('orders/cancelled', cancelled)).toEqual([
      'reservation-released SUNGLASSES store-berlin',
      'reservation-released SKU2006-020 store-berlin',
    ]);
    expect(await kinds('fulfillments/create', fulfillment)).toEqual(['reservation-consumed SUNGLASSES wh-main']);
    expect(await kinds('refunds/create', JSON.stringify(refund))).toEqual([
      'return-received SUNGLASSES store-berlin',
      'reservation-released SKU2006-020 store-berlin',
    ]);
  });
});

describe('online orders Shopify has not assigned to a location', () => {
  const routing = (shippingRegions?: Record<string, string>) =>
    createShopifyConnector(
      {
        shop: 'acme-eu.myshopify.com',
        accessToken: { env: 'SHOPIFY_ACCESS_TOKEN' },
        apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
        ...(shippingRegions === undefined ? {} : { shippingRegions }),
      },
      {
        mapping: createConnectionMapping(buildCatalog(configuration), connection),
        environment: { SHOPIFY_API_SECRET: secret },
      },
    );
  // The same example order, as an online order: no location_id, shipped to California. Edited as text: its ids
  // are beyond 2^53 and would not survive a round trip through JSON.parse.
  const online = orderBody.replace('"location_id": 1001,', '"location_id": null,');
  const shippedTo = online.replace(
    '"location_id": null,',
    '"location_id": null, "shipping_address": { "country_code": "US", "province_code": "CA" },',
  );

  it('become one order record for Stockwire to route, with the region the shipping address maps to', async () => {
    const parsed = await routing({ US: 'us', 'US-CA': 'us-west' }).webhooks?.parse(
      delivery('orders/create', shippedTo),
    );
    expect(parsed?.events).toEqual([]);
    expect(parsed?.failures).toEqual([]);
    expect(parsed?.orders).toEqual([
      {
        kind: 'order-placed',
        source: connection,
        orderReference: '820982911946154508',
        occurredAt: '2021-12-31T19:00:00-05:00',
        region: 'us-west',
        lines: [
          { lineReference: '487817672276298554', sku: 'SUNGLASSES', quantity: 1 },
          { lineReference: '976318377106520349', sku: 'SKU2006-020', quantity: 1 },
        ],
      },
    ]);
    const country = await routing({ US: 'us' }).webhooks?.parse(delivery('orders/create', shippedTo));
    expect(country?.orders?.[0]).toMatchObject({ region: 'us' });
    const unmapped = await routing().webhooks?.parse(delivery('orders/create', shippedTo));
    expect(unmapped?.orders?.[0]).not.toHaveProperty('region');
  });

  it('are released whole when cancelled or when payment fails', async () => {
    const shopify = routing();
    const cancelled = online.replace('"cancelled_at": null', '"cancelled_at": "2022-01-03T10:00:00-05:00"');
    const voided = online.replace('"financial_status": "authorized"', '"financial_status": "voided"');
    expect((await shopify.webhooks?.parse(delivery('orders/cancelled', cancelled)))?.orders).toEqual([
      {
        kind: 'order-released',
        source: connection,
        orderReference: '820982911946154508',
        occurredAt: '2022-01-03T10:00:00-05:00',
        reason: 'cancelled',
      },
    ]);
    const released = await shopify.webhooks?.parse(delivery('orders/updated', voided));
    expect(released?.orders).toMatchObject([{ kind: 'order-released', reason: 'payment-failed' }]);
    expect(released?.events).toEqual([]);
  });
});
