import { headerValue } from '@stockwire/connector-kit';
import {
  type ConnectionMappingV2,
  type ConnectorStateStoreV2,
  MalformedPayloadError,
  type ParsedWebhookV2,
  type RawWebhookV2,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import type { EbayClient } from './ebay-client.ts';
import {
  decodeSignatureHeader,
  type EbayPublicKey,
  EbayPublicKeySchema,
  verifyEbaySignature,
} from './ebay-notification-signature.ts';
import { mapEbayOrder } from './map-ebay-orders.ts';

/**
 * Topics the connector subscribes to: ORDER_CONFIRMATION (one notification per line item at checkout) and
 * MARKETPLACE_ACCOUNT_DELETION, which every eBay application must accept (it carries no stock).
 */
export const ebayNotificationTopics = ['ORDER_CONFIRMATION', 'MARKETPLACE_ACCOUNT_DELETION'] as const;

/** The envelope every notification shares: `{ metadata: { topic, … }, notification: { notificationId, data, … } }`. */
const EnvelopeSchema = z.looseObject({
  metadata: z.looseObject({ topic: z.string() }),
  notification: z.looseObject({
    notificationId: z.string().min(1),
    eventDate: z.string().nullish(),
    data: z.unknown(),
  }),
});
const OrderConfirmationData = z.looseObject({ orderId: z.string().min(1) });

export interface EbayNotificationContext {
  readonly client: EbayClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly state?: ConnectorStateStoreV2 | undefined;
  readonly publicKeyCacheMs: number;
  readonly now: () => number;
}

/** Public keys by key id, in this process and in the connection's state, reused for `publicKeyCacheMs`. */
export function createPublicKeyCache(context: EbayNotificationContext) {
  const memory = new Map<string, { key: EbayPublicKey; fetchedAt: number }>();
  const fresh = (entry: { fetchedAt: number } | undefined) =>
    entry !== undefined && context.now() - entry.fetchedAt < context.publicKeyCacheMs;
  return async (kid: string): Promise<EbayPublicKey | undefined> => {
    let entry = memory.get(kid);
    if (!fresh(entry)) entry = await context.state?.get(`public-key:${kid}`);
    if (entry !== undefined && fresh(entry)) {
      memory.set(kid, entry);
      return entry.key;
    }
    const answer = await context.client.call({
      operation: 'getPublicKey',
      method: 'GET',
      path: `/commerce/notification/v1/public_key/${encodeURIComponent(kid)}`,
      responseSchema: EbayPublicKeySchema,
      token: 'application',
      // 404: eBay never issued this key id — a forged header, not an outage.
      acceptStatuses: [404],
    });
    if (answer.data === undefined) return undefined;
    const fetched = { key: answer.data, fetchedAt: context.now() };
    memory.set(kid, fetched);
    await context.state?.set(`public-key:${kid}`, fetched);
    return fetched.key;
  };
}

function readJson(webhook: RawWebhookV2): unknown {
  try {
    return JSON.parse(Buffer.from(webhook.rawBody).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Throws WebhookSignatureError unless X-EBAY-SIGNATURE verifies against eBay's key of its key id. */
export async function verifyEbayNotification(
  webhook: RawWebhookV2,
  context: EbayNotificationContext,
  publicKey: (kid: string) => Promise<EbayPublicKey | undefined>,
): Promise<void> {
  const refuse = (reason: string): never => {
    throw new WebhookSignatureError({ connection: context.connection, reason });
  };
  const header = headerValue(webhook.headers, 'x-ebay-signature');
  if (header === undefined) refuse('the X-EBAY-SIGNATURE header is missing');
  const signature = decodeSignatureHeader(header ?? '');
  if (signature === undefined)
    return refuse('the X-EBAY-SIGNATURE header is not base64 JSON with alg, kid and signature');
  const message = readJson(webhook);
  if (message === undefined) return refuse('the body is not JSON, so it cannot be what eBay signed');
  const key = await publicKey(signature.kid);
  if (key === undefined) return refuse(`eBay has no public key ${signature.kid}`);
  if (!verifyEbaySignature(message, signature, key))
    refuse(`the signature does not verify with eBay's key ${signature.kid}`);
}

/**
 * An ORDER_CONFIRMATION names the order, not its lines: the order is read from the Fulfillment API (getOrder) and
 * mapped as the poll maps it, so a notification and the poll give the same events (same idempotency keys).
 */
export async function parseEbayNotification(
  webhook: RawWebhookV2,
  context: EbayNotificationContext,
): Promise<ParsedWebhookV2> {
  const body = readJson(webhook);
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw MalformedPayloadError.fromZodError('the eBay notification', envelope.error, {
      connection: context.connection,
      vendorBody: body,
    });
  }
  const { metadata, notification } = envelope.data;
  const base = { deliveryId: notification.notificationId, topic: metadata.topic };
  if (metadata.topic !== 'ORDER_CONFIRMATION') return { ...base, events: [], failures: [] };
  const data = OrderConfirmationData.safeParse(notification.data);
  if (!data.success) {
    throw MalformedPayloadError.fromZodError('the ORDER_CONFIRMATION data', data.error, {
      connection: context.connection,
      vendorBody: body,
    });
  }
  const answer = await context.client.call({
    operation: 'getOrder',
    method: 'GET',
    path: `/sell/fulfillment/v1/order/${encodeURIComponent(data.data.orderId)}`,
    responseSchema: z.unknown(),
  });
  const mapped = mapEbayOrder(answer.data, `getOrder ${data.data.orderId}`, context.mapping);
  return { ...base, events: mapped.events, orders: mapped.orders, failures: mapped.failures };
}
