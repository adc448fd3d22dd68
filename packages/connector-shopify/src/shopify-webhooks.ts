import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type ConnectionMappingV1,
  headerValue,
  MalformedPayloadError,
  type ParsedWebhookV1,
  type RawWebhookV1,
  WebhookSignatureError,
} from '@stockwire/connector-kit';
import { mapShopifyOrderPayload, type ShopifyOrderTopic, shopifyOrderTopics } from './shopify-orders.ts';

/** Topics the connector subscribes to. `inventory_levels/update` is read to recognise drift and our own echoes. */
export const shopifyWebhookTopics = ['inventory_levels/update', ...shopifyOrderTopics] as const;

/**
 * Shopify signs the raw body with the app's API secret: `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256.
 * Compared in constant time, over the exact bytes received.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
export function verifyShopifyWebhook(webhook: RawWebhookV1, secret: string, connection: string): void {
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
}

export interface WebhookParserOptions {
  readonly mapping: ConnectionMappingV1;
  readonly onlineOrderLocation: string | undefined;
  /** How many delivered event ids to remember for dropping redeliveries. */
  readonly rememberedEvents?: number;
}

/**
 * Parses verified deliveries. Shopify delivers at least once and out of order: a redelivery carries the same
 * `X-Shopify-Event-Id` and is dropped here; an `orders/updated` triggered before one already applied for the same
 * order (`X-Shopify-Triggered-At`) is stale and gives no events.
 * https://shopify.dev/docs/apps/build/webhooks/ignore-duplicates
 */
export function createShopifyWebhookParser(options: WebhookParserOptions) {
  const { mapping } = options;
  const connection = mapping.connection;
  const remembered = options.rememberedEvents ?? 10_000;
  const seenEvents = new Set<string>();
  const latestOrderUpdate = new Map<string, string>();
  const none = (deliveryId: string, topic: string): ParsedWebhookV1 => ({
    deliveryId,
    topic,
    events: [],
    failures: [],
  });

  return (webhook: RawWebhookV1): ParsedWebhookV1 => {
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
    if (seenEvents.has(deliveryId)) return none(deliveryId, topic);
    let payload: unknown;
    try {
      payload = parseExactJson(Buffer.from(webhook.rawBody).toString('utf8'));
    } catch (error) {
      throw new MalformedPayloadError({ connection, what, path: '$', problem: 'the body is not JSON', cause: error });
    }
    if (topic === 'inventory_levels/update') {
      // Shopify's `available` is derived from other states; levels are compared by the snapshot, not applied.
      remember(seenEvents, deliveryId, remembered);
      return none(deliveryId, topic);
    }
    if (topic === 'orders/updated') {
      const orderId = String((payload as { id?: unknown } | null)?.id ?? '');
      const latest = latestOrderUpdate.get(orderId);
      if (latest !== undefined && Date.parse(latest) > Date.parse(triggeredAt)) return none(deliveryId, topic);
      latestOrderUpdate.set(orderId, triggeredAt);
    }
    const mapped = mapShopifyOrderPayload(topic as ShopifyOrderTopic, payload, {
      mapping,
      onlineOrderLocation: options.onlineOrderLocation,
      triggeredAt,
    });
    remember(seenEvents, deliveryId, remembered);
    return { deliveryId, topic, events: mapped.events, failures: mapped.failures };
  };
}

function remember(seen: Set<string>, id: string, limit: number): void {
  seen.add(id);
  if (seen.size > limit) {
    const oldest = seen.values().next().value;
    if (oldest !== undefined) seen.delete(oldest);
  }
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
