import { headerValue } from '@stockwire/connector-kit';
import type { ConnectionMappingV2, ParsedWebhookV2, RawWebhookV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError, WebhookSignatureError } from '@stockwire/connector-spec';
import type { z } from 'zod';
import { type ReturnMappingContext, returnEvents } from './map-shipbob-returns.ts';
import { shipmentEvents } from './map-shipbob-shipments.ts';
import { ShipBobReturnSchema, ShipBobShipmentSchema } from './shipbob-payloads.ts';
import type { ShipBobApiVersion } from './shipbob-settings.ts';
import { standardWebhookProblem } from './shipbob-webhook-signature.ts';

const orderAndReturnTopics = [
  'order.shipped',
  'order.shipment.delivered',
  'order.shipment.exception',
  'order.shipment.on_hold',
  'order.shipment.cancelled',
  'return.created',
  'return.updated',
  'return.completed',
] as const;

/**
 * The order and return topics each version can subscribe to (`Webhooks.Topics` of its OpenAPI; both versions
 * list the same ones, 2026-01 adds billing topics, which carry no stock). Only `order.shipped` and
 * `return.completed` move stock.
 */
export const shipBobWebhookTopics: Record<ShipBobApiVersion, readonly string[]> = {
  '2025-07': orderAndReturnTopics,
  '2026-01': orderAndReturnTopics,
};

export interface WebhookContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  readonly secret: () => string;
  readonly toleranceSeconds: number;
  readonly now: () => number;
  readonly topics: readonly string[];
}

const text = (webhook: RawWebhookV2) => Buffer.from(webhook.rawBody).toString('utf8');

export async function verifyShipBobWebhook(webhook: RawWebhookV2, context: WebhookContext): Promise<void> {
  const problem = standardWebhookProblem(
    {
      id: headerValue(webhook.headers, 'webhook-id') ?? '',
      timestamp: headerValue(webhook.headers, 'webhook-timestamp') ?? '',
      body: webhook.rawBody,
    },
    {
      secret: context.secret(),
      signatureHeader: headerValue(webhook.headers, 'webhook-signature'),
      toleranceSeconds: context.toleranceSeconds,
      now: context.now(),
    },
  );
  if (problem !== undefined) {
    throw new WebhookSignatureError({
      connection: context.connection,
      reason: problem,
      topic: headerValue(webhook.headers, 'x-webhook-topic'),
    });
  }
}

/**
 * Call after verify. `order.shipped` becomes shipment events and `return.completed` return-received events.
 * The other topics move no stock: the `order.shipment.*` ones follow a shipment already counted, and
 * `return.created` / `return.updated` announce a return on its way or arriving, whose units ShipBob only
 * restocks, quarantines or disposes when it processes them, which `return.completed` reports (counting an
 * earlier status would count the units twice, or count units that are later thrown away).
 */
export async function parseShipBobWebhook(webhook: RawWebhookV2, context: WebhookContext): Promise<ParsedWebhookV2> {
  const deliveryId = headerValue(webhook.headers, 'webhook-id') ?? '';
  const body = readJson(webhook, context.connection);
  const topic = headerValue(webhook.headers, 'x-webhook-topic') ?? stringField(body, 'topic') ?? '';
  const what = `the ShipBob ${topic || 'untitled'} webhook ${deliveryId}`;
  if (!context.topics.includes(topic)) {
    throw new MalformedPayloadError({
      what,
      path: 'x-webhook-topic',
      problem: `"${topic}" is not a topic this connection subscribes to (${context.topics.join(', ')})`,
      connection: context.connection,
    });
  }
  const delivery = { webhook, body, context, deliveryId, topic, what };
  if (topic === 'order.shipped') return parseStockMovement(delivery, ShipBobShipmentSchema, shipmentEvents);
  if (topic === 'return.completed') return parseStockMovement(delivery, ShipBobReturnSchema, returnEvents);
  // Every other subscribed topic moves no stock (see shipBobWebhookTopics): acknowledged, no event.
  return { deliveryId, topic, events: [], failures: [] };
}

interface Delivery {
  readonly webhook: RawWebhookV2;
  readonly body: unknown;
  readonly context: WebhookContext;
  readonly deliveryId: string;
  readonly topic: string;
  readonly what: string;
}

/** What both mappers take (shipments' context has the same three fields). */
type MappingContext = ReturnMappingContext;

/** A topic that moves stock: its body read with the topic's schema, then mapped to events. */
function parseStockMovement<Payload>(
  delivery: Delivery,
  schema: z.ZodType<Payload>,
  toEvents: (payload: Payload, mapping: MappingContext) => Pick<ParsedWebhookV2, 'events' | 'failures'>,
): ParsedWebhookV2 {
  const { webhook, context, deliveryId, topic, what } = delivery;
  const payload = schema.safeParse(delivery.body);
  if (!payload.success) {
    throw MalformedPayloadError.fromZodError(what, payload.error, {
      connection: context.connection,
      vendorBody: text(webhook),
    });
  }
  const { events, failures } = toEvents(payload.data, {
    connection: context.connection,
    mapping: context.mapping,
    receivedAt: webhook.receivedAt,
  });
  return { deliveryId, topic, events, failures };
}

function readJson(webhook: RawWebhookV2, connection: string): unknown {
  try {
    return JSON.parse(text(webhook));
  } catch (cause) {
    throw new MalformedPayloadError({
      what: 'a ShipBob webhook body',
      path: '$',
      problem: 'not JSON',
      connection,
      vendorBody: text(webhook),
      cause,
    });
  }
}

function stringField(body: unknown, field: string): string | undefined {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}
