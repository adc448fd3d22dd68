import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue } from '@stockwire/connector-kit';
import type {
  ConnectionMappingV2,
  ItemFailureV2,
  ParsedWebhookV2,
  RawWebhookV2,
  RemoteInventoryRecordV2,
} from '@stockwire/connector-spec';
import { ConnectorError, MalformedPayloadError, WebhookSignatureError } from '@stockwire/connector-spec';
import type { OrderRecordInput } from '@stockwire/model';
import {
  DeliveryMovementSchema,
  DeliverySchema,
  type VendureDelivery,
  vendureDeliveryHeaders,
} from './vendure-deliveries.ts';
import { mapVariantLevels } from './vendure-inventory-read.ts';

export interface WebhookContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly secret: () => string;
  readonly toleranceSeconds: number;
  readonly now: () => Date;
}

/**
 * HMAC-SHA256 over `${timestamp}.${rawBody}` with the shared secret, compared in constant time; a timestamp
 * further than the tolerance from our clock is refused as a replay (the timestamp is signed, so it cannot be
 * refreshed without the secret). Both are 401 at the runner.
 */
export async function verifyVendureDelivery(webhook: RawWebhookV2, context: WebhookContext): Promise<void> {
  const topic = headerValue(webhook.headers, vendureDeliveryHeaders.topic);
  const refuse = (reason: string) => new WebhookSignatureError({ connection: context.connection, reason, topic });
  const signature = headerValue(webhook.headers, vendureDeliveryHeaders.signature);
  const timestamp = headerValue(webhook.headers, vendureDeliveryHeaders.timestamp);
  if (signature === undefined) throw refuse(`the ${vendureDeliveryHeaders.signature} header is missing`);
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp)) {
    throw refuse(`the ${vendureDeliveryHeaders.timestamp} header is missing or not whole seconds`);
  }
  const ageSeconds = Math.abs(context.now().getTime() / 1_000 - Number(timestamp));
  if (ageSeconds > context.toleranceSeconds) {
    throw refuse(
      `the delivery was signed ${Math.round(ageSeconds)} s from our clock, beyond the ${context.toleranceSeconds} s ` +
        'tolerance (a replay, or a clock to correct)',
    );
  }
  const hmac = createHmac('sha256', context.secret());
  hmac.update(`${timestamp}.`);
  hmac.update(webhook.rawBody);
  const expected = Buffer.from(`sha256=${hmac.digest('hex')}`, 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw refuse('the signature does not match the body (a wrong shared secret, or a changed body)');
  }
}

/** Orders to route (placed), release (cancelled) or consume (shipped); stock movements as what Vendure now shows. */
export async function parseVendureDelivery(webhook: RawWebhookV2, context: WebhookContext): Promise<ParsedWebhookV2> {
  const delivery = readDelivery(webhook, context.connection);
  const failures: ItemFailureV2[] = [];
  if (delivery.topic === 'stock.movement') {
    return {
      deliveryId: delivery.id,
      topic: delivery.topic,
      events: [],
      failures,
      records: movementRecords(delivery, context, failures),
    };
  }
  const order = delivery.order;
  if (order === undefined || order === null) {
    throw malformed(context.connection, '$.order', `a ${delivery.topic} delivery has no order`, webhook);
  }
  // A placed order is dated by Vendure's own orderPlacedAt, taken in the transaction that allocated its stock: any
  // level read after that allocation is later, so the engine sees the hold as covered instead of adding it again.
  const occurredAt = delivery.topic === 'order.placed' ? (order.placedAt ?? delivery.occurredAt) : delivery.occurredAt;
  const base = { source: context.connection, orderReference: order.code, occurredAt };
  let record: OrderRecordInput | undefined;
  if (delivery.topic === 'order.cancelled') record = { ...base, kind: 'order-released', reason: 'cancelled' };
  else if (delivery.topic === 'order.fulfilled') record = { ...base, kind: 'order-fulfilled' };
  else {
    const lines = order.lines.flatMap((line) => {
      try {
        const sku = context.mapping.toCanonicalSku(line.sku);
        return line.quantity > 0
          ? [{ lineReference: line.id, sku, quantity: line.quantity * context.mapping.unitsPer(sku) }]
          : [];
      } catch (error) {
        if (!ConnectorError.isInstance(error)) throw error;
        failures.push({ where: `order ${order.code} line ${line.id} (sku ${line.sku})`, error });
        return [];
      }
    });
    record = lines.length === 0 ? undefined : { ...base, kind: 'order-placed', lines };
  }
  return {
    deliveryId: delivery.id,
    topic: delivery.topic,
    events: [],
    orders: record === undefined ? [] : [record],
    failures,
  };
}

function movementRecords(delivery: VendureDelivery, context: WebhookContext, failures: ItemFailureV2[]) {
  const records: RemoteInventoryRecordV2[] = [];
  // Several movements of one variant and location in one event: the last one left the level Vendure shows.
  const latest = new Map<string, ReturnType<typeof DeliveryMovementSchema.parse>>();
  (delivery.movements ?? []).forEach((entry, index) => {
    const parsed = DeliveryMovementSchema.safeParse(entry);
    if (!parsed.success) {
      failures.push({
        where: `movements[${index}]`,
        error: new MalformedPayloadError({
          connection: context.connection,
          what: `the stock.movement delivery ${delivery.id}`,
          path: `$.movements[${index}].${parsed.error.issues[0]?.path.join('.') ?? ''}`,
          problem: parsed.error.issues[0]?.message ?? 'unreadable',
        }),
      });
      return;
    }
    latest.set(`${parsed.data.sku}@${parsed.data.stockLocationId}`, parsed.data);
  });
  for (const movement of latest.values()) {
    mapVariantLevels(
      {
        id: movement.id,
        sku: movement.sku,
        stockLevels: [
          {
            stockLocationId: movement.stockLocationId,
            stockOnHand: movement.stockOnHand,
            stockAllocated: movement.stockAllocated,
            // The level as the plugin read it, which may hold movements after this one (older plugins: the movement).
            updatedAt: movement.levelReadAt ?? movement.createdAt,
          },
        ],
      },
      context,
      records,
      failures,
    );
  }
  return records;
}

function readDelivery(webhook: RawWebhookV2, connection: string): VendureDelivery {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(webhook.rawBody).toString('utf8'));
  } catch (error) {
    throw malformed(connection, '$', `not JSON (${(error as Error).message})`, webhook);
  }
  const parsed = DeliverySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformed(connection, `$.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'unreadable', webhook);
  }
  return parsed.data;
}

function malformed(connection: string, path: string, problem: string, webhook: RawWebhookV2) {
  return new MalformedPayloadError({
    connection,
    what: 'a delivery from @stockwire/vendure-plugin',
    path,
    problem,
    vendorBody: Buffer.from(webhook.rawBody).toString('utf8').slice(0, 2_000),
  });
}
