import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  PermanentItemError,
} from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { readUnits } from './map-square-changes.ts';
import type { SquareOrder } from './square-order-payloads.ts';

export interface OrderMappingContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  /** The variation's SKU as Square holds it; throws UnmappedSkuError for a variation with none. */
  readonly skuOfVariation: (catalogObjectId: string) => string;
}

export interface MappedOrder {
  readonly events: InventoryEvent[];
  readonly failures: ItemFailureV2[];
}

type Fulfillment = NonNullable<SquareOrder['fulfillments']>[number];

/**
 * Where a pickup stands: not yet placed; held on the shelf for a customer who pays at pickup; sold (paid in full,
 * so Square has moved the units IN_STOCK → SOLD itself, or collected); or called off before it was paid.
 */
type PickupPhase = 'draft' | 'held' | 'sold' | 'cancelled';

function pickupPhase(order: SquareOrder, fulfillment: Fulfillment): PickupPhase {
  if (order.state === 'DRAFT') return 'draft';
  // Once paid, the hold has become Square's own sale: a later cancellation is a refund, whose restock Square
  // reports as an inventory change, so the hold is never released after it was consumed.
  if (isPaid(order) || fulfillment.state === 'COMPLETED' || order.state === 'COMPLETED') return 'sold';
  if (fulfillment.state === 'CANCELED' || fulfillment.state === 'FAILED' || order.state === 'CANCELED') {
    return 'cancelled';
  }
  return 'held'; // PROPOSED, RESERVED, PREPARED and unpaid: the units wait on the store's shelf for the customer
}

/**
 * Square decrements stock when an order is paid in full (with stock-tracked catalog variations): the order has a
 * tender and nothing is left due. https://developer.squareup.com/docs/app-marketplace/requirements/inventory-api
 */
function isPaid(order: SquareOrder): boolean {
  if ((order.tenders ?? []).length === 0) return false;
  const due = order.netAmountDueMoney?.amount;
  return due === null || due === undefined || Number(due) <= 0;
}

/**
 * An online order held for PICKUP at a Square store, as canonical reservations at that store: one
 * `reservation-created` per line while it waits unpaid, then its `reservation-consumed` once it is paid in full
 * or collected, or `reservation-released` when it is cancelled or fails unpaid. Reservations touch only the
 * committed units: the units leave the shelf through Square's own decrement (IN_STOCK → SOLD when the order is
 * paid), which the changes feed reports, because Square owns a store's shelf; so a prepaid pickup holds nothing
 * beyond that decrement. The order is mapped from what it is now, not from the transition the webhook announced, and
 * every event's key names its order, fulfillment, line and phase, so deliveries that come twice, late or out of
 * order add nothing the engine has not seen. Orders without a PICKUP fulfillment (counter sales, shipped orders)
 * map to no events: Square's inventory changes carry their stock.
 */
export function mapSquarePickupOrder(order: SquareOrder, context: OrderMappingContext): MappedOrder {
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  (order.fulfillments ?? []).forEach((fulfillment, fulfillmentIndex) => {
    if (fulfillment.type !== 'PICKUP') return;
    const phase = pickupPhase(order, fulfillment);
    if (phase === 'draft') return;
    const fulfillmentUid = fulfillment.uid ?? String(fulfillmentIndex);
    for (const line of pickupLines(order, fulfillment, fulfillmentIndex)) {
      const result = captureItemFailure(line.where, () =>
        lineEvents(order, { ...line, fulfillmentUid, fulfillment, phase }, context),
      );
      if ('failure' in result) failures.push(result.failure);
      else events.push(...result.value);
    }
  });
  return { events, failures };
}

interface PickupLine {
  readonly where: string;
  readonly uid: string;
  readonly catalogObjectId: string | null | undefined;
  readonly quantity: string;
  /** Square's own line item (or fulfillment entry), kept as the event's `raw`. */
  readonly vendor: unknown;
}

/** The lines a fulfillment covers: all of the order's (`ALL`), or its entries (`ENTRY_LIST`). Items only. */
function pickupLines(order: SquareOrder, fulfillment: Fulfillment, fulfillmentIndex: number): PickupLine[] {
  const items = (order.lineItems ?? []).map((line, index) => ({ ...line, where: `$.line_items[${index}]` }));
  // Custom amounts and gift cards hold no stock.
  const isStock = (line: (typeof items)[number]) => (line.itemType ?? 'ITEM') === 'ITEM';
  if (fulfillment.lineItemApplication === 'ENTRY_LIST' && fulfillment.entries) {
    return fulfillment.entries.flatMap((entry, entryIndex) => {
      const line = items.find((candidate) => candidate.uid === entry.lineItemUid);
      if (line === undefined || !isStock(line)) return [];
      return [
        {
          where: `$.fulfillments[${fulfillmentIndex}].entries[${entryIndex}]`,
          uid: entry.lineItemUid,
          catalogObjectId: line.catalogObjectId,
          quantity: entry.quantity,
          vendor: entry,
        },
      ];
    });
  }
  return items.filter(isStock).map(({ where, ...line }, index) => ({
    where,
    uid: line.uid ?? String(index),
    catalogObjectId: line.catalogObjectId,
    quantity: line.quantity,
    vendor: line,
  }));
}

function lineEvents(
  order: SquareOrder,
  line: PickupLine & { fulfillmentUid: string; fulfillment: Fulfillment; phase: Exclude<PickupPhase, 'draft'> },
  context: OrderMappingContext,
): InventoryEvent[] {
  if (!line.catalogObjectId) {
    throw new PermanentItemError({
      connection: context.connection,
      item: `Square order ${order.id} line ${line.uid}`,
      reason: 'the line names no catalog item variation, so it holds no tracked stock',
      vendorBody: line.vendor,
    });
  }
  const sku = context.mapping.toCanonicalSku(context.skuOfVariation(line.catalogObjectId));
  const location = context.mapping.toCanonicalLocation(order.locationId);
  const quantity = readUnits(
    line.quantity,
    `${line.where}.quantity`,
    context.mapping.unitsPer(sku),
    line,
    context,
    `a line of Square order ${order.id}`,
  );
  if (quantity === 0) return [];
  // One key for the hold and one for its end (consumed or released, never both), as the engine keys its own.
  const keyOf = (phase: 'reserved' | 'ended') =>
    `square:order/${order.id}/fulfillment/${line.fulfillmentUid}/line/${line.uid}/${phase}`;
  const base = {
    source: context.connection,
    sku,
    location,
    quantity,
    orderReference: order.id,
    lineReference: line.uid,
    raw: line.vendor,
  };
  const placedAt = order.createdAt ?? order.updatedAt ?? '';
  const endedAt = order.closedAt ?? order.updatedAt ?? placedAt;
  const created: InventoryEvent = {
    ...base,
    kind: 'reservation-created',
    idempotencyKey: keyOf('reserved'),
    occurredAt: placedAt,
  };
  if (line.phase === 'held') return [created];
  if (line.phase === 'sold') {
    // A time that stays put while the order changes on, so a later delivery maps the same event.
    const paidAt = (order.tenders ?? [])
      .flatMap((tender) => (tender.createdAt ? [tender.createdAt] : []))
      .sort()
      .at(-1);
    const at = (isPaid(order) ? paidAt : undefined) ?? line.fulfillment.pickupDetails?.pickedUpAt ?? endedAt;
    return [created, { ...base, kind: 'reservation-consumed', idempotencyKey: keyOf('ended'), occurredAt: at }];
  }
  const at = line.fulfillment.pickupDetails?.canceledAt ?? line.fulfillment.pickupDetails?.expiredAt ?? endedAt;
  return [
    created,
    {
      ...base,
      kind: 'reservation-released',
      // A pickup nobody collected in time is Square's expiry, not the customer's cancellation.
      reason: line.fulfillment.pickupDetails?.expiredAt ? 'expired' : 'cancelled',
      idempotencyKey: keyOf('ended'),
      occurredAt: at,
    },
  ];
}
