import { createConnectionMapping } from '@stockwire/connector-kit';
import { WebhookSignatureError } from '@stockwire/connector-spec';
import { StockwirePlugin } from '@stockwire/vendure-plugin';
import {
  cancelOrder,
  createStockLocation,
  createSuperAdminApiKey,
  createVariant,
  placeShopOrder,
  setStockLevels,
  shipOrder,
  startVendureTestServer,
  type VendureTestServer,
} from '@stockwire/vendure-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeliveryReceiver, startDeliveryReceiver } from './test-support/delivery-receiver.ts';
import {
  apiKeyVariable,
  catalog,
  conformanceConnection,
  connectorSettings,
  north,
  signedDelivery,
  south,
  webhookSecret,
  webhookSecretVariable,
} from './test-support/vendure-conformance-harness.ts';
import { waitFor } from './test-support/wait-for.ts';
import { createVendureConnector } from './vendure-connector.ts';

let vendure: VendureTestServer;
let receiver: DeliveryReceiver;
let variantId: string;
let apiKey: string;
beforeAll(async () => {
  receiver = await startDeliveryReceiver();
  vendure = await startVendureTestServer({
    plugins: [
      StockwirePlugin.init({
        targets: [{ url: receiver.url, secret: webhookSecret }],
        initialRetryDelayMs: 50,
        maxRetryDelayMs: 200,
      }),
    ],
  });
  await createStockLocation(vendure, 'South');
  apiKey = await createSuperAdminApiKey(vendure, 'stockwire-deliveries');
  variantId = await createVariant(vendure, 'SKU-RED', [
    { stockLocationId: north, stockOnHand: 10 },
    { stockLocationId: south, stockOnHand: 0 },
  ]);
});
afterAll(async () => {
  await vendure?.close();
  await receiver?.close();
});

const connector = (now?: () => Date) =>
  createVendureConnector(
    connectorSettings(
      { vendure, apiKey, proxy: { origin: '', setMode() {}, close: async () => {} } },
      {
        adminApiUrl: vendure.adminApiUrl,
      },
    ) as never,
    {
      mapping: createConnectionMapping(catalog, conformanceConnection),
      environment: { [apiKeyVariable]: apiKey, [webhookSecretVariable]: webhookSecret },
    },
    now === undefined ? {} : { now },
  );

async function parsedDeliveries(topic: string) {
  const webhooks = connector().webhooks;
  if (webhooks === undefined) throw new Error('the connector declares no webhooks');
  const matching = receiver.received.filter((delivery) => delivery.headers['x-stockwire-topic'] === topic);
  return await Promise.all(
    matching.map(async (delivery) => {
      await webhooks.verify(delivery);
      return await webhooks.parse(delivery);
    }),
  );
}

describe('@stockwire/vendure-plugin in a real Vendure server, read by the connector', () => {
  it('posts a signed stock movement with the level it left, retried through a runner outage', async () => {
    receiver.refuseNext(3);
    await setStockLevels(vendure, variantId, [{ stockLocationId: north, stockOnHand: 12 }]);
    const parsed = await waitFor('the stock movement delivery', async () => {
      const all = await parsedDeliveries('stock.movement');
      return all.find((delivery) => delivery.records?.some((record) => record.quantities.onHand === 12));
    });
    expect(receiver.refusedCount()).toBe(3);
    expect(parsed.records).toEqual([
      expect.objectContaining({
        sku: 'SKU-RED',
        location: 'wh-north',
        quantities: { onHand: 12, committed: 0, available: 12 },
      }),
    ]);
  });

  it('turns a Shop API checkout into an order to route, and its cancel into a release', async () => {
    const order = await placeShopOrder(vendure, [{ variantId, quantity: 2 }]);
    expect(order.state).toBe('PaymentSettled');
    const [placed] = await waitFor('the order.placed delivery', async () => {
      const all = await parsedDeliveries('order.placed');
      return all.length > 0 ? all : undefined;
    });
    expect(placed?.deliveryId).toBe(`order.placed:${order.code}`);
    expect(placed?.orders).toEqual([
      expect.objectContaining({
        kind: 'order-placed',
        source: conformanceConnection,
        orderReference: order.code,
        lines: [expect.objectContaining({ sku: 'SKU-RED', quantity: 2 })],
      }),
    ]);
    // Vendure allocated the 2 units at a stock location: its movement arrives as a level with 2 committed.
    await waitFor('the allocation movement', async () =>
      (await parsedDeliveries('stock.movement')).find((delivery) =>
        delivery.records?.some((record) => record.quantities.committed === 2),
      ),
    );

    expect(await cancelOrder(vendure, order.id)).toBe('Cancelled');
    const [released] = await waitFor('the order.cancelled delivery', async () => {
      const all = await parsedDeliveries('order.cancelled');
      return all.length > 0 ? all : undefined;
    });
    expect(released?.orders).toEqual([
      expect.objectContaining({ kind: 'order-released', reason: 'cancelled', orderReference: order.code }),
    ]);
  });

  it('turns a shipped order into a fulfilment that consumes its holds', async () => {
    const order = await placeShopOrder(vendure, [{ variantId, quantity: 1 }]);
    expect(await shipOrder(vendure, order.id)).toBe('Shipped');
    const fulfilled = await waitFor('the order.fulfilled delivery', async () => {
      const all = await parsedDeliveries('order.fulfilled');
      return all.find((delivery) => delivery.deliveryId === `order.fulfilled:${order.code}`);
    });
    expect(fulfilled.orders).toEqual([
      expect.objectContaining({ kind: 'order-fulfilled', source: conformanceConnection, orderReference: order.code }),
    ]);
  });

  it('reads the Admin API with an admin session token instead of an API key', async () => {
    const connector = createVendureConnector(
      {
        ...connectorSettings({ vendure, apiKey, proxy: { origin: '', setMode() {}, close: async () => {} } }),
        adminApiUrl: vendure.adminApiUrl,
        authentication: { kind: 'session-token', token: { env: 'VENDURE_SESSION_TOKEN' } },
      } as never,
      {
        mapping: createConnectionMapping(catalog, conformanceConnection),
        environment: { VENDURE_SESSION_TOKEN: vendure.adminClient.getAuthToken() },
      },
    );
    const page = await connector.snapshot?.read({});
    expect(page?.records.some((record) => record.sku === 'SKU-RED' && record.location === 'wh-north')).toBe(true);
  });

  it('refuses a delivery signed with another secret, or signed too long ago, as WebhookSignatureError', async () => {
    const webhooks = connector().webhooks;
    const delivery = {
      id: 'order.placed:X1',
      topic: 'order.placed',
      occurredAt: new Date().toISOString(),
      channel: vendure.channelToken,
      order: { id: '1', code: 'X1', state: 'PaymentSettled', lines: [] },
    } as const;
    const wrongSecret = signedDelivery(delivery, 'not-the-shared-secret');
    await expect(webhooks?.verify(wrongSecret)).rejects.toSatisfy((error) => WebhookSignatureError.isInstance(error));
    const old = signedDelivery(delivery, webhookSecret, new Date(Date.now() - 10 * 60_000));
    await expect(webhooks?.verify(old)).rejects.toSatisfy(
      (error) => WebhookSignatureError.isInstance(error) && /tolerance/.test(String((error as Error).message)),
    );
    await expect(webhooks?.verify(signedDelivery(delivery))).resolves.toBeUndefined();
  });
});
