import {
  type ConnectionMappingV2,
  MalformedPayloadError,
  type ParsedWebhookV2,
  type RawWebhookV2,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import type { SquareCatalog } from './square-catalog.ts';
import type { SquareCatalogVersion } from './square-catalog-version.ts';
import type { SquareApi } from './square-client.ts';
import { countsToRecords, readCounts } from './square-inventory-read.ts';
import { squareOrderTopics } from './square-order-payloads.ts';
import { parseSquareOrderWebhook } from './square-order-webhooks.ts';
import {
  SquareCatalogVersionUpdatedSchema,
  SquareInventoryCountUpdatedSchema,
  SquareWebhookEnvelopeSchema,
} from './square-payloads.ts';
import { isSquareSignatureValid, squareSignatureHeader } from './square-webhook-signature.ts';

/** The subscription's event types the connector reads. */
export const squareWebhookTopics = [
  'inventory.count.updated',
  'catalog.version.updated',
  ...squareOrderTopics,
] as const;

export interface SquareWebhookOptions {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly catalog: SquareCatalog;
  /** Where `catalog.version.updated` tells the connection's other processes to reload their catalog. */
  readonly catalogVersion: SquareCatalogVersion;
  /** For the order an order webhook names (its body carries no lines). */
  readonly api: SquareApi;
  readonly notificationUrl: string;
  readonly signatureKey: () => string;
}

function headerValue(headers: RawWebhookV2['headers'], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : (value as string | undefined);
  }
  return undefined;
}

export async function verifySquareWebhook(webhook: RawWebhookV2, options: SquareWebhookOptions): Promise<void> {
  const signature = headerValue(webhook.headers, squareSignatureHeader);
  if (signature === undefined) {
    throw new WebhookSignatureError({
      connection: options.connection,
      reason: `the ${squareSignatureHeader} header is missing`,
    });
  }
  const valid = isSquareSignatureValid({
    notificationUrl: options.notificationUrl,
    rawBody: webhook.rawBody,
    signatureKey: options.signatureKey(),
    signature,
  });
  if (!valid) {
    throw new WebhookSignatureError({
      connection: options.connection,
      reason: `the ${squareSignatureHeader} signature does not match the notification URL ${options.notificationUrl} and body`,
      secrets: [options.signatureKey()],
    });
  }
}

/**
 * `inventory.count.updated` becomes records: what Square now shows at the store, per variation × location, in
 * canonical units and observed at Square's `calculated_at`. They are observations for the engine to reconcile
 * (Square owns the shelf of a store; its counter sales arrive as events through the changes feed). A delivery
 * names only the states that changed, so `onHand` is only reported by a snapshot. `catalog.version.updated`
 * makes the connector forget the catalog, which the next use reloads (lazily, in that job: never while Square
 * waits for its answer), and records the catalog's `updated_at` in the connection's shared state, so the other
 * processes reload theirs too. Order webhooks are read by parseSquareOrderWebhook. Parsing never remembers a delivery: redeliveries are the runner's
 * to drop by `event_id`.
 */
export async function parseSquareWebhook(
  webhook: RawWebhookV2,
  options: SquareWebhookOptions,
): Promise<ParsedWebhookV2> {
  const what = 'the Square webhook';
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(webhook.rawBody).toString('utf8'));
  } catch (error) {
    throw new MalformedPayloadError({
      connection: options.connection,
      what,
      path: '$',
      problem: 'not JSON',
      cause: error,
    });
  }
  const envelope = SquareWebhookEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    throw MalformedPayloadError.fromZodError(what, envelope.error, {
      connection: options.connection,
      vendorBody: body,
    });
  }
  const { type, event_id: deliveryId } = envelope.data;
  if (type === 'catalog.version.updated') {
    options.catalog.forget();
    const event = SquareCatalogVersionUpdatedSchema.safeParse(body);
    // Square always sends updated_at; should it not, the event's own time still moves the shared version on.
    const version =
      (event.success ? event.data.data?.object?.catalog_version?.updated_at : undefined) ??
      envelope.data.created_at ??
      webhook.receivedAt;
    await options.catalogVersion.record(version);
    return { deliveryId, topic: type, events: [], failures: [] };
  }
  if ((squareOrderTopics as readonly string[]).includes(type)) return await parseSquareOrderWebhook(body, options);
  if (type !== 'inventory.count.updated') {
    throw new MalformedPayloadError({
      connection: options.connection,
      what,
      path: '$.type',
      problem: `event type ${JSON.stringify(type)} is not one the connector reads (${squareWebhookTopics.join(', ')}); remove it from the webhook subscription`,
      vendorBody: body,
    });
  }
  const event = SquareInventoryCountUpdatedSchema.safeParse(body);
  if (!event.success) {
    throw MalformedPayloadError.fromZodError(`the ${type} webhook`, event.error, {
      connection: options.connection,
      vendorBody: body,
    });
  }
  const entries = event.data.data.object.inventory_counts.map((count) => ({
    catalogObjectId: count.catalog_object_id,
    catalogObjectType: count.catalog_object_type,
    state: count.state,
    locationId: count.location_id,
    quantity: count.quantity,
    calculatedAt: count.calculated_at,
  }));
  const read = readCounts(entries, `the ${type} webhook`, options.connection);
  await options.catalog.ensureKnown(
    read.counts.map((count) => count.catalogObjectId),
    { done: false },
  );
  const translated = countsToRecords(read.counts, {
    connection: options.connection,
    mapping: options.mapping,
    catalog: options.catalog,
    what: `the ${type} webhook`,
    complete: false,
    receivedAt: event.data.created_at ?? webhook.receivedAt,
  });
  return {
    deliveryId,
    topic: type,
    events: [],
    records: translated.records,
    failures: [...read.failures, ...translated.failures],
  };
}
