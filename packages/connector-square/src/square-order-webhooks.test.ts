import type { InventoryEvent } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSquareSandbox, type SquareSandbox } from './sandbox/index.ts';
import { north, sandboxConnector, vendorSku } from './square-conformance-harness.test-helpers.ts';
import { loadSquareContract } from './test-support/square-openapi-contract.ts';

const specs = locateVendorSpecs();
const eventSchemas = {
  'order.created': 'OrderCreatedEvent',
  'order.updated': 'OrderUpdatedEvent',
  'order.fulfillment.updated': 'OrderFulfillmentUpdatedEvent',
  'catalog.version.updated': 'CatalogVersionUpdatedEvent',
} as const;

describe('Square order webhooks: online orders held for pickup as reservations at the store', () => {
  let sandbox: SquareSandbox;
  let red: string;
  let green: string;
  const contract =
    specs.folder === undefined ? undefined : loadSquareContract(vendorSpecPath(specs.folder, 'square', 'api.json'));

  beforeAll(async () => {
    sandbox = await createSquareSandbox();
  });
  afterAll(async () => await sandbox?.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.addLocation(north);
    red = sandbox.addVariation(vendorSku('SKU-RED'));
    green = sandbox.addVariation(vendorSku('SKU-GREEN'));
  });

  /** Verifies and parses one delivery as the runner does; the body is first checked against Square's schema. */
  const deliver = async (connector: ReturnType<typeof sandboxConnector>, body: string) => {
    const type = (JSON.parse(body) as { type: keyof typeof eventSchemas }).type;
    expect(contract?.checkSchema(eventSchemas[type], JSON.parse(body)) ?? []).toEqual([]);
    const webhook = sandbox.webhook(body);
    await connector.webhooks?.verify(webhook);
    const parsed = await connector.webhooks?.parse(webhook);
    if (parsed === undefined) throw new Error('the connector has no webhooks');
    return parsed;
  };
  const summary = (events: readonly InventoryEvent[]) =>
    events.map((event) => ({
      kind: event.kind,
      sku: event.sku,
      location: event.location,
      quantity: 'quantity' in event ? event.quantity : undefined,
      ...('reason' in event ? { reason: event.reason } : {}),
    }));

  it.skipIf(contract === undefined)("checks bodies against Square's event schemas (not vacuous)", () => {
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: red, quantity: '1' }] });
    const body = JSON.parse(sandbox.orderEvent('order.created', orderId)) as {
      data: { object: { order_created: Record<string, unknown> } };
    };
    expect(contract?.checkSchema('OrderCreatedEvent', body)).toEqual([]);
    body.data.object.order_created.line_items = [];
    body.data.object.order_created.version = '2';
    const problems = contract?.checkSchema('OrderCreatedEvent', body).join('\n') ?? '';
    expect(problems).toMatch(/must NOT have additional properties/);
    expect(problems).toMatch(/version must be integer/);
  });

  it('turns a placed pickup order into one reservation per stock line at its store (custom amounts hold nothing)', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({
      locationId: north,
      lines: [
        { variationId: red, quantity: '2' },
        { variationId: green, quantity: '1' },
        { quantity: '1', itemType: 'CUSTOM_AMOUNT' },
      ],
    });
    const body = sandbox.orderEvent('order.created', orderId, { eventId: 'evt-created-1' });
    const parsed = await deliver(connector, body);
    expect(parsed.deliveryId).toBe('evt-created-1');
    expect(parsed.topic).toBe('order.created');
    expect(parsed.failures).toEqual([]);
    expect(summary(parsed.events)).toEqual([
      { kind: 'reservation-created', sku: 'SKU-RED', location: 'wh-north', quantity: 2 },
      { kind: 'reservation-created', sku: 'SKU-GREEN', location: 'wh-north', quantity: 1 },
    ]);
    expect(parsed.events[0]).toMatchObject({
      orderReference: orderId,
      lineReference: 'line-1',
      occurredAt: sandbox.order(orderId)?.created_at,
      source: 'square-sandbox',
    });
    // Parsing is repeatable: the same delivery gives the same result (the runner drops it by event_id).
    expect((await deliver(connector, body)).events).toEqual(parsed.events);
  });

  it('ends the reservation when the customer collects it, with the same key for the hold as at placing', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: red, quantity: '3' }] });
    const placed = await deliver(connector, sandbox.orderEvent('order.created', orderId));
    sandbox.updatePickup(orderId, 'PREPARED');
    const prepared = await deliver(connector, sandbox.orderEvent('order.fulfillment.updated', orderId));
    expect(prepared.events.map((event) => event.idempotencyKey)).toEqual(
      placed.events.map((event) => event.idempotencyKey),
    );
    sandbox.updatePickup(orderId, 'COMPLETED');
    const collected = await deliver(
      connector,
      sandbox.orderEvent('order.fulfillment.updated', orderId, { oldState: 'PREPARED' }),
    );
    expect(summary(collected.events)).toEqual([
      { kind: 'reservation-created', sku: 'SKU-RED', location: 'wh-north', quantity: 3 },
      { kind: 'reservation-consumed', sku: 'SKU-RED', location: 'wh-north', quantity: 3 },
    ]);
    expect(collected.events[0]?.idempotencyKey).toBe(placed.events[0]?.idempotencyKey);
    expect(collected.events[1]).toMatchObject({
      orderReference: orderId,
      lineReference: 'line-1',
      occurredAt: sandbox.order(orderId)?.fulfillments[0]?.pickup_details?.picked_up_at,
    });
    expect(collected.events[1]?.idempotencyKey).not.toBe(collected.events[0]?.idempotencyKey);
  });

  it('holds only the entries of an ENTRY_LIST pickup, in their quantities', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({
      locationId: north,
      lines: [
        { variationId: red, quantity: '3' },
        { variationId: green, quantity: '2' },
      ],
    });
    const pickup = sandbox.order(orderId)?.fulfillments[0];
    if (pickup === undefined) throw new Error('no pickup fulfillment');
    pickup.line_item_application = 'ENTRY_LIST';
    pickup.entries = [{ uid: 'entry-1', line_item_uid: 'line-1', quantity: '1' }];
    const parsed = await deliver(connector, sandbox.orderEvent('order.created', orderId));
    expect(summary(parsed.events)).toEqual([
      { kind: 'reservation-created', sku: 'SKU-RED', location: 'wh-north', quantity: 1 },
    ]);
    expect(parsed.failures).toEqual([]);
  });

  it("ends the hold of a prepaid pickup at payment: Square's own sale takes the units, which the changes feed reports", async () => {
    const connector = sandboxConnector(sandbox);
    sandbox.setCount(red, north, 'IN_STOCK', '5');
    const baseline = await connector.changes?.pull({});
    const orderId = sandbox.addPickupOrder({
      locationId: north,
      lines: [{ variationId: red, quantity: '2' }],
      paid: true,
    });
    const placed = await deliver(connector, sandbox.orderEvent('order.created', orderId));
    expect(summary(placed.events)).toEqual([
      { kind: 'reservation-created', sku: 'SKU-RED', location: 'wh-north', quantity: 2 },
      { kind: 'reservation-consumed', sku: 'SKU-RED', location: 'wh-north', quantity: 2 },
    ]);
    expect(placed.events[1]?.occurredAt).toBe(sandbox.order(orderId)?.tenders?.[0]?.created_at);
    const feed = await connector.changes?.pull({ cursor: baseline?.cursor });
    expect(summary(feed?.events ?? [])).toEqual([
      { kind: 'shipment', sku: 'SKU-RED', location: 'wh-north', quantity: 2 },
    ]);
    expect(sandbox.count(red, north)).toBe('3');
    // Collected later, or cancelled (a refund, whose restock Square reports in inventory): nothing new.
    sandbox.updatePickup(orderId, 'CANCELED');
    const cancelled = await deliver(connector, sandbox.orderEvent('order.updated', orderId));
    expect(cancelled.events).toEqual(placed.events);
  });

  it('holds a pickup paid at the store until it is paid', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: green, quantity: '1' }] });
    const held = await deliver(connector, sandbox.orderEvent('order.created', orderId));
    expect(summary(held.events).map((event) => event.kind)).toEqual(['reservation-created']);
    sandbox.payOrder(orderId);
    const paid = await deliver(connector, sandbox.orderEvent('order.updated', orderId));
    expect(summary(paid.events).map((event) => event.kind)).toEqual(['reservation-created', 'reservation-consumed']);
    expect(paid.events[0]).toEqual(held.events[0]);
  });

  it('releases the reservation of a cancelled pickup', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: green, quantity: '1' }] });
    sandbox.updatePickup(orderId, 'CANCELED');
    const parsed = await deliver(connector, sandbox.orderEvent('order.updated', orderId));
    expect(summary(parsed.events)).toEqual([
      { kind: 'reservation-created', sku: 'SKU-GREEN', location: 'wh-north', quantity: 1 },
      { kind: 'reservation-released', sku: 'SKU-GREEN', location: 'wh-north', quantity: 1, reason: 'cancelled' },
    ]);
  });

  it('releases an uncollected pickup Square let expire as expired, under the one key a hold ends with', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: green, quantity: '1' }] });
    sandbox.updatePickup(orderId, 'CANCELED');
    const pickup = sandbox.order(orderId)?.fulfillments[0];
    if (pickup === undefined) throw new Error('no pickup fulfillment');
    pickup.pickup_details = { ...pickup.pickup_details, expired_at: '2026-12-04T18:00:00.000Z' };
    const parsed = await deliver(connector, sandbox.orderEvent('order.updated', orderId));
    expect(parsed.events[1]).toMatchObject({
      kind: 'reservation-released',
      reason: 'expired',
      idempotencyKey: `square:order/${orderId}/fulfillment/pickup-1/line/line-1/ended`,
    });
  });

  it('maps a late, reordered delivery from the order as it is now, adding no key the newer one lacked', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: red, quantity: '1' }] });
    const early = sandbox.orderEvent('order.created', orderId);
    sandbox.updatePickup(orderId, 'COMPLETED');
    const newer = await deliver(connector, sandbox.orderEvent('order.updated', orderId));
    const late = await deliver(connector, early);
    expect(late.events.map((event) => event.idempotencyKey)).toEqual(newer.events.map((event) => event.idempotencyKey));
    expect(summary(late.events).map((event) => event.kind)).toEqual(['reservation-created', 'reservation-consumed']);
  });

  it('retries a delivery announcing a version Square does not serve yet', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: red, quantity: '1' }] });
    const body = JSON.parse(sandbox.orderEvent('order.updated', orderId)) as {
      data: { object: { order_updated: { version: number } } };
    };
    body.data.object.order_updated.version += 1;
    await expect(deliver(connector, JSON.stringify(body))).rejects.toMatchObject({
      code: 'transient',
      retryable: true,
    });
  });

  it('leaves counter sales to the inventory changes: an order without a pickup maps to nothing and reads no catalog', async () => {
    const connector = sandboxConnector(sandbox);
    const orderId = sandbox.addPickupOrder({
      locationId: north,
      lines: [{ variationId: red, quantity: '1' }],
      withoutFulfillment: true,
    });
    const parsed = await deliver(connector, sandbox.orderEvent('order.updated', orderId));
    expect(parsed.events).toEqual([]);
    expect(parsed.failures).toEqual([]);
    expect(sandbox.answers.map((answer) => answer.request.path)).toEqual(['/v2/orders/batch-retrieve']);
  });

  it('fails a line whose variation has no SKU alone, and a store that is not mapped per line', async () => {
    const connector = sandboxConnector(sandbox);
    const nameless = sandbox.addVariation(undefined);
    const orderId = sandbox.addPickupOrder({
      locationId: north,
      lines: [
        { variationId: nameless, quantity: '1' },
        { variationId: red, quantity: '1' },
      ],
    });
    const parsed = await deliver(connector, sandbox.orderEvent('order.created', orderId));
    expect(summary(parsed.events)).toEqual([
      { kind: 'reservation-created', sku: 'SKU-RED', location: 'wh-north', quantity: 1 },
    ]);
    expect(parsed.failures.map((failure) => failure.where)).toEqual(['$.line_items[0]']);
    sandbox.addLocation('LELSEWHERE01');
    const elsewhere = sandbox.addPickupOrder({
      locationId: 'LELSEWHERE01',
      lines: [{ variationId: red, quantity: '1' }],
    });
    const unmapped = await deliver(connector, sandbox.orderEvent('order.created', elsewhere));
    expect(unmapped.events).toEqual([]);
    expect(unmapped.failures).toHaveLength(1);
    expect(unmapped.failures[0]?.error.retryable).toBe(false);
  });

  it('reads the catalog again after catalog.version.updated, lazily: the webhook itself calls nothing', async () => {
    const connector = sandboxConnector(sandbox);
    const first = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: green, quantity: '1' }] });
    expect(summary((await deliver(connector, sandbox.orderEvent('order.created', first))).events)[0]?.sku).toBe(
      'SKU-GREEN',
    );
    // The seller re-labels the variation in Square.
    const variation = sandbox.state.variations.get(green);
    if (variation === undefined) throw new Error('no variation');
    sandbox.state.variations.set(green, { ...variation, sku: vendorSku('SKU-BLUE') });
    const second = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: green, quantity: '1' }] });
    expect(summary((await deliver(connector, sandbox.orderEvent('order.created', second))).events)[0]?.sku).toBe(
      'SKU-GREEN',
    );
    const callsBefore = sandbox.answers.length;
    const catalogChanged = await deliver(connector, sandbox.catalogVersionEvent({ eventId: 'evt-catalog-1' }));
    expect(catalogChanged).toMatchObject({ deliveryId: 'evt-catalog-1', events: [], failures: [] });
    expect(sandbox.answers.length).toBe(callsBefore);
    const third = sandbox.addPickupOrder({ locationId: north, lines: [{ variationId: green, quantity: '1' }] });
    expect(summary((await deliver(connector, sandbox.orderEvent('order.created', third))).events)[0]?.sku).toBe(
      'SKU-BLUE',
    );
    expect(sandbox.answers.slice(callsBefore).map((answer) => answer.request.path)).toContain('/v2/catalog/search');
  });
});
