import { createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue } from '@stockwire/connector-kit';
import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type ParsedWebhookV2,
  type RawWebhookV2,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import { adjustmentReasons, type InventoryEvent, type OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import { fixtureHeaders } from './fixture-settings.ts';

/** Test fixture: `sha256=<hex>` of the raw body, as the fixture vendor signs it. */
export function fixtureSignature(rawBody: Uint8Array | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export function verifyFixtureWebhook(webhook: RawWebhookV2, secret: string, connection: string): void {
  const given = headerValue(webhook.headers, fixtureHeaders.signature);
  if (given === undefined) {
    throw new WebhookSignatureError({ connection, reason: `the ${fixtureHeaders.signature} header is missing` });
  }
  const expected = Buffer.from(fixtureSignature(webhook.rawBody, secret));
  const received = Buffer.from(given);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw new WebhookSignatureError({ connection, reason: 'the signature does not match the body', secrets: [secret] });
  }
}

export const FixtureOrder = z.object({
  id: z.string().min(1),
  /** What happened to the order; the fixture vendor never says where it ships from. */
  status: z.enum(['placed', 'cancelled', 'payment-failed', 'fulfilled']),
  /** The region the order ships to, in the installation's region codes. */
  shipTo: z.string().min(1).optional(),
  occurredAt: z.string().min(1),
  /** For `cancelled` / `fulfilled`: only this line (absent: the whole order). */
  line: z.string().min(1).optional(),
  lines: z.array(z.object({ id: z.string().min(1), sku: z.string().min(1), quantity: z.int().min(1) })).default([]),
});

/** Lenient, as vendor payloads are read: only the fields used. */
const FixtureWebhookBody = z.object({
  orders: z.array(FixtureOrder).default([]),
  adjustments: z
    .array(
      z.object({
        id: z.string().min(1),
        sku: z.string().min(1),
        location: z.string().min(1),
        change: z.int().refine((change) => change !== 0, 'a change of 0 changes nothing'),
        reason: z.enum(adjustmentReasons),
        occurredAt: z.string().min(1),
      }),
    )
    .default([]),
});

export function parseFixtureWebhook(webhook: RawWebhookV2, mapping: ConnectionMappingV2): ParsedWebhookV2 {
  const connection = mapping.connection;
  const what = 'the Fixture Commerce inventory webhook';
  const deliveryId = headerValue(webhook.headers, fixtureHeaders.delivery);
  if (deliveryId === undefined || deliveryId === '') {
    throw new MalformedPayloadError({
      connection,
      what,
      path: `headers["${fixtureHeaders.delivery}"]`,
      problem: 'the delivery id header is missing',
    });
  }
  const text = Buffer.from(webhook.rawBody).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MalformedPayloadError({
      connection,
      what,
      path: '$',
      problem: `the body is not JSON (${(error as Error).message})`,
      vendorBody: text,
    });
  }
  const parsed = FixtureWebhookBody.safeParse(json);
  if (!parsed.success) throw MalformedPayloadError.fromZodError(what, parsed.error, { connection, vendorBody: text });
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  parsed.data.adjustments.forEach((adjustment, index) => {
    const result = captureItemFailure(`$.adjustments[${index}]`, () => {
      const sku = mapping.toCanonicalSku(adjustment.sku);
      return {
        kind: 'adjustment' as const,
        idempotencyKey: `${connection}/${adjustment.id}`,
        source: connection,
        occurredAt: adjustment.occurredAt,
        sku,
        location: mapping.toCanonicalLocation(adjustment.location),
        change: adjustment.change * mapping.unitsPer(sku),
        reason: adjustment.reason,
        raw: adjustment,
      };
    });
    if ('failure' in result) failures.push(result.failure);
    else events.push(result.value);
  });
  const orders: OrderRecordInput[] = [];
  parsed.data.orders.forEach((order, index) => {
    const result = captureItemFailure(`$.orders[${index}]`, () => fixtureOrderRecord(order, mapping));
    if ('failure' in result) failures.push(result.failure);
    else orders.push(result.value);
  });
  return {
    deliveryId,
    topic: headerValue(webhook.headers, fixtureHeaders.topic) ?? 'inventory.adjusted',
    events,
    orders,
    failures,
  };
}

/** Test fixture: an order without a location, for the engine to route. */
export function fixtureOrderRecord(
  order: z.infer<typeof FixtureOrder>,
  mapping: ConnectionMappingV2,
): OrderRecordInput {
  const base = { source: mapping.connection, orderReference: order.id, occurredAt: order.occurredAt, raw: order };
  switch (order.status) {
    case 'placed':
      return {
        ...base,
        kind: 'order-placed',
        ...(order.shipTo === undefined ? {} : { region: order.shipTo }),
        lines: order.lines.map((line) => {
          const sku = mapping.toCanonicalSku(line.sku);
          return { lineReference: line.id, sku, quantity: line.quantity * mapping.unitsPer(sku) };
        }),
      };
    case 'cancelled':
    case 'payment-failed':
      return { ...base, kind: 'order-released', reason: order.status, lineReference: order.line };
    case 'fulfilled':
      return { ...base, kind: 'order-fulfilled', lineReference: order.line };
  }
}
