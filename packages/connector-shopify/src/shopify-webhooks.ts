import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue } from '@stockwire/connector-kit';
import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type ParsedWebhookV2,
  type RawWebhookV2,
  type RemoteInventoryRecordV2,
  UnmappedSkuError,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { globalId } from './map-shopify-inventory.ts';
import { ShopifyWebhookShopMismatchError } from './shopify-errors.ts';
import { mapShopifyOrderEdit, type ShopifyOrderLinesLookup } from './shopify-order-edits.ts';
import { mapShopifyOrderPayload, type ShopifyOrderTopic, shopifyOrderTopics } from './shopify-orders.ts';

/** Topics the connector subscribes to. `inventory_levels/update` is read to recognise drift and our own echoes. */
export const shopifyWebhookTopics = ['inventory_levels/update', ...shopifyOrderTopics, 'orders/edited'] as const;

/**
 * Shopify signs the raw body with the app's API secret: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256.
 * Compared in constant time, over the exact bytes received.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
export function verifyShopifyWebhook(webhook: RawWebhookV2, secret: string, connection: string, shop: string): void {
  const topic = headerValue(webhook.headers, 'x-shopify-topic');
  const received = headerValue(webhook.headers, 'x-shopify-hmac-sha256');
  if (received === undefined || received === '') {
    throw new WebhookSignatureError({ connection, topic, reason: 'the X-Shopify-Hmac-Sha256 header is missing' });
  }
  const expected = createHmac('sha256', secret).update(webhook.rawBody).digest();
  const given = Buffer.from(received, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new WebhookSignatureError({
      connection,
      topic,
      reason: 'the X-Shopify-Hmac-Sha256 signature does not match the body',
    });
  }
  // Shop domains are lower case (`*.myshopify.com`); compared after the signature, which covers only the body.
  const receivedShop = headerValue(webhook.headers, 'x-shopify-shop-domain')?.trim().toLowerCase();
  if (receivedShop !== shop.toLowerCase()) {
    throw new ShopifyWebhookShopMismatchError({
      connection,
      topic,
      expectedShop: shop,
      ...(receivedShop === undefined || receivedShop === '' ? {} : { receivedShop }),
    });
  }
}

export interface WebhookParserOptions {
  readonly mapping: ConnectionMappingV2;
  readonly onlineOrderLocation: string | undefined;
  /** Shipping `country` or `country-province` codes → region codes, for orders Stockwire routes. */
  readonly shippingRegions?: Readonly<Record<string, string>> | undefined;
  /** The store's SKU of an inventory item (`gid://shopify/InventoryItem/…`), from the connector's catalog. */
  readonly skuOfInventoryItem?: (inventoryItemId: string) => Promise<string | undefined>;
  /** An order's lines now, from the Admin API: `orders/edited` names lines by id only. */
  readonly orderLines?: ShopifyOrderLinesLookup;
}

/** `inventory_levels/update`: lenient, only the fields we read. Ids arrive as numbers (or exact text, when large). */
const InventoryLevelPayloadSchema = z.object({
  inventory_item_id: z.union([z.number(), z.string()]),
  location_id: z.union([z.number(), z.string()]),
  available: z.number().int().nullish(),
  updated_at: z.string().nullish(),
});

/**
 * Parses verified deliveries. Shopify delivers at least once and out of order: a redelivery carries the same
 * `X-Shopify-Event-Id`, returned as the `deliveryId` by which the runner drops it (and its events carry the same
 * idempotency keys, by which the engine would). Parsing is repeatable — the runner parses a delivery once before
 * answering and again in its ingest job — so nothing here remembers deliveries. An `orders/updated` triggered
 * before one already applied for the same order (`X-Shopify-Triggered-At`) is stale and gives no events.
 * https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates
 */
export function createShopifyWebhookParser(options: WebhookParserOptions) {
  const { mapping } = options;
  const connection = mapping.connection;
  const latestOrderUpdate = new Map<string, string>();
  const none = (deliveryId: string, topic: string): ParsedWebhookV2 => ({
    deliveryId,
    topic,
    events: [],
    failures: [],
  });

  return async (webhook: RawWebhookV2): Promise<ParsedWebhookV2> => {
    const topic = headerValue(webhook.headers, 'x-shopify-topic') ?? '';
    const deliveryId =
      headerValue(webhook.headers, 'x-shopify-event-id') ?? headerValue(webhook.headers, 'x-shopify-webhook-id') ?? '';
    const triggeredAt = headerValue(webhook.headers, 'x-shopify-triggered-at') ?? webhook.receivedAt;
    const what = `the ${topic || 'untitled'} webhook`;
    if (deliveryId === '') {
      throw new MalformedPayloadError({ connection, what, path: 'headers', problem: 'no X-Shopify-Event-Id header' });
    }
    if (!(shopifyWebhookTopics as readonly string[]).includes(topic)) {
      throw new MalformedPayloadError({ connection, what, path: 'headers', problem: `unsubscribed topic "${topic}"` });
    }
    let payload: unknown;
    try {
      payload = parseExactJson(Buffer.from(webhook.rawBody).toString('utf8'));
    } catch (error) {
      // Valid JSON nested thousands of levels deep overflows the parser's stack: say so, not "not JSON" (#23.7).
      const problem =
        error instanceof RangeError ? 'the body is JSON nested too deeply to read' : 'the body is not JSON';
      throw new MalformedPayloadError({ connection, what, path: '$', problem, cause: error });
    }
    if (topic === 'inventory_levels/update') {
      // A level is what the store shows, not a change to apply: it goes back as an observation for the runner to
      // reconcile, which recognises our own write coming back (an echo) and heals anything else.
      return {
        ...none(deliveryId, topic),
        ...(await inventoryLevelRecords(payload, triggeredAt, webhook.receivedAt)),
      };
    }
    if (topic === 'orders/edited') {
      const orderLines = options.orderLines ?? (async () => undefined);
      const mapped = await mapShopifyOrderEdit(payload, { ...orderContext(triggeredAt), orderLines });
      return { ...none(deliveryId, topic), ...mapped };
    }
    if (topic === 'orders/updated') {
      const orderId = String((payload as { id?: unknown } | null)?.id ?? '');
      const latest = latestOrderUpdate.get(orderId);
      if (latest !== undefined && Date.parse(latest) > Date.parse(triggeredAt)) return none(deliveryId, topic);
      latestOrderUpdate.set(orderId, triggeredAt);
    }
    const mapped = mapShopifyOrderPayload(topic as ShopifyOrderTopic, payload, orderContext(triggeredAt));
    return {
      deliveryId,
      topic,
      events: mapped.events,
      ...(mapped.orders === undefined ? {} : { orders: mapped.orders }),
      failures: mapped.failures,
    };
  };

  function orderContext(triggeredAt: string) {
    return {
      mapping,
      onlineOrderLocation: options.onlineOrderLocation,
      shippingRegions: options.shippingRegions,
      triggeredAt,
    };
  }

  async function inventoryLevelRecords(
    payload: unknown,
    triggeredAt: string,
    receivedAt: string,
  ): Promise<{ records: RemoteInventoryRecordV2[]; failures: ItemFailureV2[] }> {
    const level = InventoryLevelPayloadSchema.safeParse(payload);
    if (!level.success) {
      const path = level.error.issues[0]?.path.join('.') || '$';
      throw new MalformedPayloadError({
        connection,
        what: 'the inventory_levels/update webhook',
        path,
        problem: 'not an inventory level',
      });
    }
    const { inventory_item_id: itemId, location_id: locationId, available, updated_at: updatedAt } = level.data;
    // An untracked item has no available quantity: nothing to compare.
    if (available === null || available === undefined) return { records: [], failures: [] };
    const where = `inventory_levels/update item ${itemId} at location ${locationId}`;
    const externalSku = await options.skuOfInventoryItem?.(globalId('InventoryItem', itemId));
    if (externalSku === undefined) {
      const error = new UnmappedSkuError({ connection, externalSku: `inventory item ${itemId} (no SKU in the store)` });
      return { records: [], failures: [{ where, error }] };
    }
    const record = captureItemFailure(where, () => {
      const sku = mapping.toCanonicalSku(externalSku);
      return {
        sku,
        location: mapping.toCanonicalLocation(globalId('Location', locationId)),
        // The store counts in the connection's unit (cases); records are canonical units, as the snapshot's are.
        quantities: { available: available * mapping.unitsPer(sku) },
        // Shopify's own time of the level, so an older delivery arriving late never replaces a newer record.
        observedAt: observedAtOf([updatedAt, triggeredAt], receivedAt),
        raw: payload,
      };
    });
    return 'failure' in record
      ? { records: [], failures: [record.failure] }
      : { records: [record.value], failures: [] };
  }
}

/**
 * `updated_at` is when Shopify changed the level (the engine orders observations by it); without a readable one
 * (the field is nullable), `X-Shopify-Triggered-At`, and only without both the time we received the delivery.
 * Kept as Shopify wrote it (`2026-11-27T10:00:00-05:00`): every reader compares the parsed time.
 */
function observedAtOf(candidates: readonly (string | null | undefined)[], receivedAt: string): string {
  const readable = candidates.find((candidate) => candidate != null && Number.isFinite(Date.parse(candidate)));
  return readable ?? receivedAt;
}

/**
 * Shopify's REST ids (orders, line items) exceed 2^53, so `JSON.parse` would round them (820982911946154508 reads
 * as 820982911946154500). Integers beyond the safe range are kept as their exact source text instead.
 */
function parseExactJson(text: string): unknown {
  const reviver = (_key: string, value: unknown, context?: { source?: string }) =>
    typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined ? context.source : value;
  return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
}
