import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import {
  type ShipBobReceivingLine,
  ShipBobReceivingLineSchema,
  type ShipBobReceivingOrder,
} from './shipbob-payloads.ts';
import { canonicalSkuOf } from './shipbob-sku.ts';

/** What the last poll reported for one receiving-order line, kept in the changes cursor. */
export interface ReceivingLineState {
  /** Units still expected (expected − received; 0 once the order is completed or cancelled). */
  readonly outstanding: number;
  /** Units received so far, already reported as receipts. */
  readonly received: number;
  readonly expectedAt: string;
}

/** Orders that will receive nothing more: what is still outstanding is no longer incoming. */
const closedStatuses = new Set(['Completed', 'Cancelled', 'Incomplete']);

export interface ReceivingMappingContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  /** When we read the order: the fallback time when ShipBob gives none. */
  readonly observedAt: string;
}

export interface ReceivingOrderChanges {
  readonly events: InventoryEvent[];
  readonly failures: ItemFailureV2[];
  /** The state of every line of this order after these events, keyed `orderId/inventoryId`. */
  readonly lines: Record<string, ReceivingLineState>;
}

/**
 * A warehouse receiving order (WRO) as canonical events, only for what changed since `previous`:
 * `incoming-expected` (absolute per order: units still to come, with the expected arrival date) and `receipt`
 * for units received since the last poll. Keys are built from the order's own numbers, so re-reading the same
 * order after a crash gives the same keys and the engine drops the repeats.
 */
export function receivingOrderChanges(
  order: ShipBobReceivingOrder,
  previous: Readonly<Record<string, ReceivingLineState>>,
  context: ReceivingMappingContext,
): ReceivingOrderChanges {
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  const lines: Record<string, ReceivingLineState> = {};
  const reference = `shipbob-wro-${order.id}`;
  const updatedAt = order.last_updated_date ?? context.observedAt;
  const expectedAt = order.expected_arrival_date ?? order.insert_date ?? updatedAt;
  (order.inventory_quantities ?? []).forEach((candidate, index) => {
    const where = `receiving order ${order.id} inventory_quantities[${index}]`;
    const parsed = ShipBobReceivingLineSchema.safeParse(candidate);
    if (!parsed.success) {
      const error = MalformedPayloadError.fromZodError(`ShipBob ${where}`, parsed.error, {
        connection: context.connection,
        vendorBody: candidate,
      });
      failures.push({ where, error });
      return;
    }
    const line = parsed.data;
    const key = `${order.id}/${line.inventory_id}`;
    const state = lineState(order, line, expectedAt);
    const before = previous[key];
    const mapped = captureItemFailure(where, () =>
      lineEvents(order, line, state, before, context, reference, updatedAt),
    );
    if ('failure' in mapped) {
      failures.push(mapped.failure);
      return;
    }
    events.push(...mapped.value);
    lines[key] = state;
  });
  return { events, failures, lines };
}

function lineState(order: ShipBobReceivingOrder, line: ShipBobReceivingLine, expectedAt: string): ReceivingLineState {
  const expected = Math.max(0, line.expected_quantity ?? 0);
  const received = Math.max(0, line.received_quantity ?? 0);
  const outstanding = closedStatuses.has(order.status) ? 0 : Math.max(0, expected - received);
  return { outstanding, received, expectedAt };
}

function lineEvents(
  order: ShipBobReceivingOrder,
  line: ShipBobReceivingLine,
  state: ReceivingLineState,
  before: ReceivingLineState | undefined,
  context: ReceivingMappingContext,
  reference: string,
  updatedAt: string,
): InventoryEvent[] {
  const sku = canonicalSkuOf(context.mapping, line.sku, line.inventory_id);
  const centre = order.fulfillment_center?.id;
  if (centre === undefined) {
    throw new MalformedPayloadError({
      what: `ShipBob receiving order ${order.id}`,
      path: '$.fulfillment_center.id',
      problem: 'no fulfillment center is named, so the stock has no location',
      connection: context.connection,
      vendorBody: order,
    });
  }
  const location = context.mapping.toCanonicalLocation(String(centre));
  const units = context.mapping.unitsPer(sku);
  const base = { source: context.connection, sku, location };
  const events: InventoryEvent[] = [];
  // An order that was already closed when first seen is history the level snapshot already holds.
  if (before === undefined && closedStatuses.has(order.status)) return events;
  const newlyReceived = state.received - (before?.received ?? 0);
  if (newlyReceived > 0) {
    events.push({
      ...base,
      kind: 'receipt',
      idempotencyKey: `shipbob:wro:${order.id}:${line.inventory_id}:received:${state.received}`,
      occurredAt: updatedAt,
      quantity: newlyReceived * units,
      incomingReference: reference,
      raw: { receivingOrder: order.id, status: order.status, line },
    });
  }
  if (before === undefined || before.outstanding !== state.outstanding || before.expectedAt !== state.expectedAt) {
    events.push({
      ...base,
      kind: 'incoming-expected',
      idempotencyKey: `shipbob:wro:${order.id}:${line.inventory_id}:incoming:${state.outstanding}:${state.expectedAt}`,
      occurredAt: updatedAt,
      incomingReference: reference,
      quantity: state.outstanding * units,
      expectedAt: state.expectedAt,
      raw: { receivingOrder: order.id, status: order.status, purchaseOrder: order.purchase_order_number, line },
    });
  }
  return events;
}
