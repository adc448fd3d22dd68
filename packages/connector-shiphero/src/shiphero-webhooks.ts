import { createHash } from 'node:crypto';
import { headerValue } from '@stockwire/connector-kit';
import type { ConnectionMappingV2, ItemFailureV2, ParsedWebhookV2, RawWebhookV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError, WebhookSignatureError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { deliveredChange, onHandSnapshotEvent } from './map-shiphero-levels.ts';
import {
  InventoryChangeWebhookSchema,
  InventoryUpdateLineSchema,
  InventoryUpdateWebhookSchema,
  shipHeroWebhookTypes,
} from './shiphero-payloads.ts';
import { warehouseUuid } from './shiphero-time.ts';
import {
  shipHeroMessageIdHeader,
  shipHeroSignatureHeader,
  shipHeroSignatureProblem,
} from './shiphero-webhook-signature.ts';

export interface WebhookContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  /** Every secret a delivery may be signed with (one per subscribed webhook, or one for all). */
  readonly secrets: () => readonly string[];
}

const text = (webhook: RawWebhookV2) => Buffer.from(webhook.rawBody).toString('utf8');

export async function verifyShipHeroWebhook(webhook: RawWebhookV2, context: WebhookContext): Promise<void> {
  const header = headerValue(webhook.headers, shipHeroSignatureHeader);
  const problems = context.secrets().map((secret) => shipHeroSignatureProblem(secret, webhook.rawBody, header));
  const problem = problems.includes(undefined) ? undefined : problems[0];
  if (problem !== undefined) throw new WebhookSignatureError({ connection: context.connection, reason: problem });
}

/**
 * Call after verify. Inventory Update (absolute levels of each SKU at one warehouse) and Inventory Change (one
 * bin's move, with the warehouse's previous on hand) both become absolute snapshot events. Repeatable: the result
 * depends on the delivery alone.
 */
export async function parseShipHeroWebhook(webhook: RawWebhookV2, context: WebhookContext): Promise<ParsedWebhookV2> {
  // Without ShipHero's message id the body names the delivery: a redelivery of the same bytes is still recognised.
  const deliveryId =
    headerValue(webhook.headers, shipHeroMessageIdHeader) ??
    `sha256:${createHash('sha256').update(webhook.rawBody).digest('hex')}`;
  const body = readJson(webhook, context.connection);
  const topic =
    typeof body === 'object' && body !== null ? (body as { webhook_type?: unknown }).webhook_type : undefined;
  const what = `the ShipHero ${typeof topic === 'string' ? topic : 'untyped'} webhook ${deliveryId}`;
  const malformed = (error: Parameters<typeof MalformedPayloadError.fromZodError>[1]) =>
    MalformedPayloadError.fromZodError(what, error, { connection: context.connection, vendorBody: text(webhook) });
  if (topic === 'Inventory Update') {
    const parsed = InventoryUpdateWebhookSchema.safeParse(body);
    if (!parsed.success) throw malformed(parsed.error);
    return { deliveryId, topic, ...inventoryUpdateEvents(parsed.data.inventory, deliveryId, webhook, context) };
  }
  if (topic === 'Inventory Change') {
    const parsed = InventoryChangeWebhookSchema.safeParse(body);
    if (!parsed.success) throw malformed(parsed.error);
    const warehouse = parsed.data.warehouse_uuid ?? warehouseUuid(parsed.data.warehouse_id ?? '');
    const change = deliveredChange(parsed.data, warehouse);
    if (change === undefined) {
      throw new MalformedPayloadError({
        what,
        path: '$.timestamp',
        problem: 'not a date-time',
        connection: context.connection,
      });
    }
    const where = `${parsed.data.sku} at warehouse ${warehouse}`;
    const mapped = captureItemFailure(where, () => onHandSnapshotEvent(change, context.mapping, context.connection));
    return 'value' in mapped
      ? { deliveryId, topic, events: [mapped.value], failures: [] }
      : { deliveryId, topic, events: [], failures: [mapped.failure] };
  }
  throw new MalformedPayloadError({
    what,
    path: '$.webhook_type',
    problem: `"${String(topic)}" is not a webhook type this connector reads (${shipHeroWebhookTypes.join(', ')})`,
    connection: context.connection,
  });
}

/**
 * Each line's `updated_warehouse` as a snapshot of on hand, allocated and reserve. The payload has no allocated
 * count; ShipHero defines `inventory` (available) as on_hand − allocated + sell_ahead − reserve, so allocated is
 * derived from it. The current format carries no timestamp: the receive time stands in (the legacy `timestamp`
 * is used when present), and the key names ShipHero's message, so a retried delivery changes nothing.
 */
function inventoryUpdateEvents(
  lines: readonly unknown[],
  deliveryId: string,
  webhook: RawWebhookV2,
  context: WebhookContext,
) {
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  lines.forEach((candidate, index) => {
    const where = `inventory[${index}]`;
    const line = InventoryUpdateLineSchema.safeParse(candidate);
    if (!line.success) {
      const error = MalformedPayloadError.fromZodError(`the ShipHero Inventory Update ${where}`, line.error, {
        connection: context.connection,
        vendorBody: candidate,
      });
      failures.push({ where, error });
      return;
    }
    const { sku, updated_warehouse: level, timestamp } = line.data;
    const warehouse = level.warehouse_uuid ?? warehouseUuid(level.warehouse_id ?? '');
    const mapped = captureItemFailure(`${where} (${sku} at warehouse ${warehouse})`, () => {
      const canonicalSku = context.mapping.toCanonicalSku(sku);
      const location = context.mapping.toCanonicalLocation(warehouse);
      const units = context.mapping.unitsPer(canonicalSku);
      const reserve = Math.max(0, level.reserve ?? 0);
      const allocated = Math.max(0, level.on_hand + (level.sell_ahead ?? 0) - reserve - level.inventory);
      const event: InventoryEvent = {
        kind: 'snapshot',
        idempotencyKey: `shiphero:inventory-update:${deliveryId}:${warehouse}:${sku}`,
        source: context.connection,
        occurredAt: typeof timestamp === 'number' ? new Date(timestamp * 1_000).toISOString() : webhook.receivedAt,
        sku: canonicalSku,
        location,
        quantities: {
          onHand: Math.max(0, level.on_hand) * units,
          committed: allocated * units,
          reserved: reserve * units,
        },
        raw: candidate,
      };
      return event;
    });
    if ('value' in mapped) events.push(mapped.value);
    else failures.push(mapped.failure);
  });
  return { events, failures };
}

function readJson(webhook: RawWebhookV2, connection: string): unknown {
  try {
    return JSON.parse(text(webhook));
  } catch (cause) {
    throw new MalformedPayloadError({
      what: 'a ShipHero webhook body',
      path: '$',
      problem: 'not JSON',
      connection,
      vendorBody: text(webhook),
      cause,
    });
  }
}
