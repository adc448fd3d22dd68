import { randomUUID } from 'node:crypto';
import {
  createRouter,
  createSandboxServer,
  createWebhookDeliverer,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
  type WebhookDeliverer,
} from '@stockwire/connector-kit/sandbox';
import { signSquareWebhook, squareSignatureHeader } from '../square-webhook-signature.ts';
import { batchChangeInventory, moveQuantity, recordChange, setCount } from './square-sandbox-batch-change.ts';
import { listLocations, searchCatalogObjects } from './square-sandbox-catalog.ts';
import { batchRetrieveChanges, batchRetrieveCounts } from './square-sandbox-inventory.ts';
import { batchRetrieveOrders, type SandboxOrder } from './square-sandbox-orders.ts';
import {
  clearSandboxState,
  countKey,
  createSandboxState,
  type SandboxChange,
  type SquareSandboxState,
  sandboxId,
  squareErrors,
} from './square-sandbox-state.ts';

export interface SquareSandboxOptions {
  readonly accessToken?: string;
  /** The webhook subscription's signature key. */
  readonly signatureKey?: string;
  /** The subscription's notification URL, which Square signs with the body. */
  readonly notificationUrl?: string;
  /** The sandbox's clock (server time: `created_at`, the 24-hour window of `occurred_at`). Default: the real one. */
  readonly now?: () => Date;
}

/** A webhook as Square delivers it: the exact body and the headers that sign and describe it. */
export interface SquareSandboxWebhook {
  readonly headers: Record<string, string>;
  readonly rawBody: Uint8Array;
  readonly receivedAt: string;
}

/** One request the API answered (not the injected faults), for the contract test. */
export interface SquareSandboxAnswer {
  readonly request: SandboxRequest;
  readonly response: SandboxResponse;
}

export interface SquareAdjustmentInput {
  readonly variationId: string;
  readonly locationId: string;
  readonly from: string;
  readonly to: string;
  /** Square's decimal string, e.g. `"1"`; anything else is stored as given (to simulate bad data). */
  readonly quantity: string;
  readonly occurredAt?: string;
  readonly referenceId?: string;
}

export interface SquarePickupOrderInput {
  readonly locationId: string;
  readonly lines: ReadonlyArray<{ variationId?: string; quantity: string; itemType?: 'ITEM' | 'CUSTOM_AMOUNT' }>;
  /** No fulfillment at all: an order rung up at the counter (Square's POS sends no `order.created` for those). */
  readonly withoutFulfillment?: boolean;
  /** Paid online at checkout (as Square Online takes it): see `payOrder`. Default: paid at pickup. */
  readonly paid?: boolean;
}

export type SquareOrderEventType = 'order.created' | 'order.updated' | 'order.fulfillment.updated';

/**
 * A local Square seller account's API for what the connector uses — locations, catalog search, inventory counts,
 * physical counts and adjustments, the changes feed — in the request and answer shapes of Square's OpenAPI,
 * with cursor paging, idempotency keys as Square keeps them, and webhooks signed as Square signs them. Faults
 * (429, resets, hangs) through `server.faults`.
 */
export interface SquareSandbox {
  /** The SDK's `baseUrl`. */
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly signatureKey: string;
  readonly notificationUrl: string;
  readonly server: SandboxServer;
  readonly state: SquareSandboxState;
  readonly answers: readonly SquareSandboxAnswer[];
  addLocation(id: string, name?: string): void;
  /** Adds an item with one variation carrying this SKU (none: a variation without SKU) and returns its id. */
  addVariation(sku: string | undefined): string;
  variationIdOf(sku: string): string | undefined;
  /** Sets one count as Square holds it (a decimal string, or anything to simulate bad data). */
  setCount(variationId: string, locationId: string, state: string, quantity: string): void;
  count(variationId: string, locationId: string, state?: string): string | undefined;
  /** Records an adjustment as the point of sale would (a counter sale is IN_STOCK → SOLD) and moves the counts. */
  adjust(input: SquareAdjustmentInput): SandboxChange;
  /** The `inventory.count.updated` body for the current counts of these positions (all their states). */
  countUpdatedEvent(
    positions: ReadonlyArray<{ variationId: string; locationId: string }>,
    options?: { eventId?: string; createdAt?: string },
  ): string;
  /** An OPEN online order with one PICKUP fulfillment (PROPOSED) at the location; returns its id. */
  addPickupOrder(input: SquarePickupOrderInput): string;
  /**
   * Pays the order in full: a CARD tender, nothing left due, and Square's own decrement of every stock line
   * (IN_STOCK → SOLD at the order's location), as Square makes it when an order is paid; bumps the version.
   */
  payOrder(orderId: string): void;
  /** Moves the order's pickup fulfillment (and the order with it) to a new state; bumps version and updated_at. */
  updatePickup(orderId: string, fulfillmentState: SandboxOrder['fulfillments'][number]['state']): void;
  order(orderId: string): SandboxOrder | undefined;
  /** The body of an order webhook for the order as it is now (Square's event carries no line items). */
  orderEvent(
    type: SquareOrderEventType,
    orderId: string,
    options?: { eventId?: string; createdAt?: string; oldState?: string },
  ): string;
  /** The body of `catalog.version.updated` (the seller changed the catalog). */
  catalogVersionEvent(options?: { eventId?: string }): string;
  /** A delivery of this body signed with the subscription's key, headers as Square sends them. */
  webhook(body: string, options?: { notificationUrl?: string; signatureKey?: string }): SquareSandboxWebhook;
  /** Delivers webhooks to a receiver (signed over `notificationUrl`), with duplicates, drops and reordering. */
  webhookDeliverer(target: string): WebhookDeliverer;
  /** The next `count` calls get Square's 429 RATE_LIMITED, with this Retry-After (seconds; null for none). */
  rateLimitNext(count: number, retryAfterSeconds?: number | null): void;
  reset(): void;
  close(): Promise<void>;
}

export async function createSquareSandbox(options: SquareSandboxOptions = {}): Promise<SquareSandbox> {
  const accessToken = options.accessToken ?? 'EAAAsandbox-access-token';
  const signatureKey = options.signatureKey ?? 'sandbox-signature-key';
  const notificationUrl = options.notificationUrl ?? 'https://stockwire.example/webhooks/square';
  const now = options.now ?? (() => new Date());
  const state = createSandboxState();
  const answers: SquareSandboxAnswer[] = [];

  const router = createRouter()
    .on('GET', '/v2/locations', () => listLocations(state))
    .on('POST', '/v2/catalog/search', (request) => searchCatalogObjects(state, request))
    .on('POST', '/v2/inventory/counts/batch-retrieve', (request) => batchRetrieveCounts(state, request))
    .on('POST', '/v2/inventory/changes/batch-retrieve', (request) => batchRetrieveChanges(state, request))
    .on('POST', '/v2/inventory/changes/batch-create', (request) => batchChangeInventory(state, request, now))
    .on('POST', '/v2/orders/batch-retrieve', (request) => batchRetrieveOrders(state, request));
  const handle = async (request: SandboxRequest): Promise<SandboxResponse> => {
    const response =
      request.headers.authorization === `Bearer ${accessToken}`
        ? await router.handle(request)
        : squareErrors(401, [
            { category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' },
          ]);
    answers.push({ request, response });
    return response;
  };
  const server = await createSandboxServer({ handle });

  const signedHeaders = (body: string, url: string, key: string) => ({
    'content-type': 'application/json',
    'square-version': '2026-09-16',
    [squareSignatureHeader]: signSquareWebhook(url, body, key),
  });

  const sandbox: SquareSandbox = {
    baseUrl: server.url,
    accessToken,
    signatureKey,
    notificationUrl,
    server,
    state,
    answers,
    addLocation(id, name = id) {
      state.locations.set(id, { id, name });
    },
    addVariation(sku) {
      const id = sandboxId(state, 'VAR');
      state.variations.set(id, { id, itemId: sandboxId(state, 'ITEM'), sku, updatedAt: now().toISOString() });
      return id;
    },
    variationIdOf: (sku) => [...state.variations.values()].find((variation) => variation.sku === sku)?.id,
    setCount(variationId, locationId, stateName, quantity) {
      setCount(state, variationId, locationId, stateName, quantity, now().toISOString());
    },
    count: (variationId, locationId, stateName = 'IN_STOCK') =>
      state.counts.get(countKey(variationId, locationId, stateName))?.quantity,
    adjust(input) {
      const createdAt = now().toISOString();
      const quantity = Number(input.quantity);
      if (Number.isFinite(quantity)) {
        moveQuantity(
          state,
          { variation: input.variationId, location: input.locationId, from: input.from, to: input.to, quantity },
          createdAt,
        );
      }
      return recordChange(
        state,
        'ADJUSTMENT',
        {
          ...(input.referenceId === undefined ? {} : { reference_id: input.referenceId }),
          from_state: input.from,
          to_state: input.to,
          location_id: input.locationId,
          catalog_object_id: input.variationId,
          catalog_object_type: 'ITEM_VARIATION',
          quantity: input.quantity,
          occurred_at: input.occurredAt ?? createdAt,
        },
        createdAt,
      );
    },
    countUpdatedEvent(positions, eventOptions = {}) {
      const wanted = new Set(positions.map((position) => `${position.variationId}@${position.locationId}`));
      const counts = [...state.counts.values()].filter((count) =>
        wanted.has(`${count.catalog_object_id}@${count.location_id}`),
      );
      return JSON.stringify({
        merchant_id: 'SANDBOXMERCHANT',
        type: 'inventory.count.updated',
        event_id: eventOptions.eventId ?? randomUUID(),
        created_at: eventOptions.createdAt ?? now().toISOString(),
        data: { type: 'inventory_counts', id: randomUUID(), object: { inventory_counts: counts } },
      });
    },
    addPickupOrder(input) {
      const at = now().toISOString();
      const id = sandboxId(state, 'ORDER');
      const lines = input.lines.map((line, index) => ({
        uid: `line-${index + 1}`,
        ...(line.variationId === undefined ? {} : { catalog_object_id: line.variationId }),
        item_type: line.itemType ?? 'ITEM',
        name: line.variationId ?? 'Custom amount',
        quantity: line.quantity,
      }));
      state.orders.set(id, {
        id,
        location_id: input.locationId,
        state: 'OPEN',
        version: 1,
        created_at: at,
        updated_at: at,
        source: { name: 'Square Online' },
        total_money: { amount: 1_000 * lines.length, currency: 'USD' },
        net_amount_due_money: { amount: 1_000 * lines.length, currency: 'USD' },
        line_items: lines,
        fulfillments: input.withoutFulfillment
          ? []
          : [
              {
                uid: 'pickup-1',
                type: 'PICKUP',
                state: 'PROPOSED',
                line_item_application: 'ALL',
                pickup_details: { placed_at: at },
              },
            ],
      });
      if (input.paid) sandbox.payOrder(id);
      return id;
    },
    payOrder(orderId) {
      const order = state.orders.get(orderId);
      if (order === undefined) throw new Error(`no order ${orderId}`);
      const at = now().toISOString();
      order.tenders = [
        {
          id: sandboxId(state, 'TENDER'),
          location_id: order.location_id,
          created_at: at,
          amount_money: { ...order.total_money },
          type: 'CARD',
        },
      ];
      order.net_amount_due_money = { amount: 0, currency: 'USD' };
      order.version += 1;
      order.updated_at = at;
      for (const line of order.line_items) {
        if (line.catalog_object_id === undefined || line.item_type !== 'ITEM') continue;
        sandbox.adjust({
          variationId: line.catalog_object_id,
          locationId: order.location_id,
          from: 'IN_STOCK',
          to: 'SOLD',
          quantity: line.quantity,
        });
      }
    },
    updatePickup(orderId, fulfillmentState) {
      const order = state.orders.get(orderId);
      const fulfillment = order?.fulfillments.find((candidate) => candidate.type === 'PICKUP');
      if (order === undefined || fulfillment === undefined) throw new Error(`no pickup order ${orderId}`);
      const at = now().toISOString();
      fulfillment.state = fulfillmentState;
      if (fulfillmentState === 'COMPLETED') {
        fulfillment.pickup_details = { ...fulfillment.pickup_details, picked_up_at: at };
        order.state = 'COMPLETED';
        order.closed_at = at;
      }
      if (fulfillmentState === 'CANCELED' || fulfillmentState === 'FAILED') {
        fulfillment.pickup_details = { ...fulfillment.pickup_details, canceled_at: at };
        order.state = 'CANCELED';
        order.closed_at = at;
      }
      order.version += 1;
      order.updated_at = at;
    },
    order: (orderId) => state.orders.get(orderId),
    orderEvent(type, orderId, eventOptions = {}) {
      const order = state.orders.get(orderId);
      if (order === undefined) throw new Error(`no order ${orderId}`);
      const common = {
        order_id: order.id,
        version: order.version,
        location_id: order.location_id,
        state: order.state,
        created_at: order.created_at,
      };
      const object =
        type === 'order.created'
          ? { order_created: common }
          : type === 'order.updated'
            ? { order_updated: { ...common, updated_at: order.updated_at } }
            : {
                order_fulfillment_updated: {
                  ...common,
                  updated_at: order.updated_at,
                  fulfillment_update: order.fulfillments.map((fulfillment) => ({
                    fulfillment_uid: fulfillment.uid,
                    ...(eventOptions.oldState === undefined ? {} : { old_state: eventOptions.oldState }),
                    new_state: fulfillment.state,
                  })),
                },
              };
      return JSON.stringify({
        merchant_id: 'SANDBOXMERCHANT',
        type,
        event_id: eventOptions.eventId ?? randomUUID(),
        created_at: eventOptions.createdAt ?? now().toISOString(),
        data: { type: type.replaceAll('.', '_'), id: order.id, object },
      });
    },
    catalogVersionEvent(eventOptions = {}) {
      return JSON.stringify({
        merchant_id: 'SANDBOXMERCHANT',
        type: 'catalog.version.updated',
        event_id: eventOptions.eventId ?? randomUUID(),
        created_at: now().toISOString(),
        data: { type: 'catalog', object: { catalog_version: { updated_at: now().toISOString() } } },
      });
    },
    webhook(body, webhookOptions = {}) {
      const headers = signedHeaders(
        body,
        webhookOptions.notificationUrl ?? notificationUrl,
        webhookOptions.signatureKey ?? signatureKey,
      );
      return { headers, rawBody: Buffer.from(body, 'utf8'), receivedAt: now().toISOString() };
    },
    webhookDeliverer(target) {
      return createWebhookDeliverer({
        target,
        sign: (bodyText) => signedHeaders(bodyText, notificationUrl, signatureKey),
      });
    },
    rateLimitNext(count, retryAfterSeconds = 1) {
      server.faults.rateLimitNext(count, {
        retryAfterSeconds,
        body: {
          errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: 'Rate limit exceeded, retry later' }],
        },
      });
    },
    reset() {
      clearSandboxState(state);
      answers.length = 0;
      server.clearCalls();
      server.faults.clear();
    },
    close: () => server.close(),
  };
  return sandbox;
}
