import { type ConnectionMappingV2, MalformedPayloadError, PermanentItemError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import {
  isSquareInventoryState,
  parseSquareQuantity,
  type SquareInventoryState,
  squareSellableState,
  squareStateMeaning,
} from './map-square-states.ts';
import type { SquareInventoryAdjustment, SquareInventoryChange, SquarePhysicalCount } from './square-payloads.ts';

/** Our own physical counts carry this `reference_id` prefix, so their echo in the changes feed is recognised. */
export const stockwireReferencePrefix = 'stockwire:';

export interface ChangeMappingContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  /** The variation's SKU as Square holds it; throws UnmappedSkuError for a variation with none. */
  readonly skuOfVariation: (catalogObjectId: string) => string;
}

type EventBody = InventoryEvent extends infer Event
  ? Event extends InventoryEvent
    ? Omit<Event, 'idempotencyKey' | 'source' | 'occurredAt' | 'sku' | 'location' | 'raw'>
    : never
  : never;

/**
 * What one Square adjustment (`from_state` → `to_state`) means canonically, per the state table of
 * map-square-states.ts. A counter sale is `IN_STOCK → SOLD`; a linked return `SOLD → RETURNED_BY_CUSTOMER` then
 * `RETURNED_BY_CUSTOMER → IN_STOCK`; waste (damaged, lost, theft) `IN_STOCK → WASTE`; received stock
 * `NONE → IN_STOCK`. https://developer.squareup.com/docs/inventory-api/what-it-does
 */
export function adjustmentEffects(from: SquareInventoryState, to: SquareInventoryState, quantity: number): EventBody[] {
  const fromBucket = squareStateMeaning[from].bucket;
  const toBucket = squareStateMeaning[to].bucket;
  if (fromBucket === 'ignored' || toBucket === 'ignored' || fromBucket === toBucket) return [];
  const hold = (bucket: string) => bucket === 'available' || bucket === 'reserved' || bucket === 'qualityControl';
  if (hold(fromBucket) && hold(toBucket)) {
    return [{ kind: 'state-move', quantity, from: fromBucket, to: toBucket, note: `Square ${from} → ${to}` }];
  }
  if (fromBucket === 'outside' && toBucket === 'available') return [arrival(from, quantity)];
  if (fromBucket === 'outside' && hold(toBucket)) {
    if (from === 'SOLD' || from === 'SOLD_ONLINE')
      return [{ kind: 'return-received', quantity, disposition: 'quarantine' }];
    return [arrival(from, quantity), { kind: 'state-move', quantity, from: 'available', to: toBucket as 'reserved' }];
  }
  if (hold(fromBucket) && toBucket === 'outside') {
    const release: EventBody[] =
      fromBucket === 'available'
        ? []
        : [{ kind: 'state-move', quantity, from: fromBucket as 'reserved', to: 'available' }];
    return [...release, departure(to, quantity)];
  }
  return []; // outside → outside (e.g. NONE → SOLD), and in-transit moves, which a TRANSFER change reports
}

function arrival(from: SquareInventoryState, quantity: number): EventBody {
  switch (from) {
    case 'SOLD':
    case 'SOLD_ONLINE':
    case 'UNLINKED_RETURN':
      return { kind: 'return-received', quantity, disposition: 'restock' };
    case 'WASTE':
      return { kind: 'adjustment', change: quantity, reason: 'found' };
    default:
      return { kind: 'receipt', quantity };
  }
}

function departure(to: SquareInventoryState, quantity: number): EventBody {
  switch (to) {
    case 'SOLD':
    case 'SOLD_ONLINE':
      return { kind: 'shipment', quantity };
    case 'WASTE':
      return { kind: 'adjustment', change: -quantity, reason: 'lost' };
    default:
      return { kind: 'adjustment', change: -quantity, reason: 'correction' };
  }
}

export interface MappedChange {
  readonly events: InventoryEvent[];
}

/**
 * One change from Square's changes feed as canonical events (none for changes without a canonical meaning or for
 * our own counts coming back). Throws a typed error for a change it cannot read or map; the caller turns that
 * into an item failure, so one bad change never stops the feed.
 */
export function mapSquareChange(change: SquareInventoryChange, context: ChangeMappingContext): InventoryEvent[] {
  if (change.type === 'ADJUSTMENT' && change.adjustment) return mapAdjustment(change.adjustment, context);
  if (change.type === 'PHYSICAL_COUNT' && change.physicalCount) return mapPhysicalCount(change.physicalCount, context);
  if (change.type === 'TRANSFER' && change.transfer) {
    throw new PermanentItemError({
      connection: context.connection,
      item: `Square transfer ${change.transfer.id}`,
      reason:
        'transfers between Square locations (Square for Retail Plus) are not read as events; the next snapshot ' +
        'of both locations carries the moved stock',
      vendorBody: change,
    });
  }
  throw new MalformedPayloadError({
    connection: context.connection,
    what: 'an inventory change of BatchRetrieveInventoryChanges',
    path: '$.type',
    problem: `type ${JSON.stringify(change.type)} without its matching details`,
    vendorBody: change,
  });
}

function mapAdjustment(adjustment: SquareInventoryAdjustment, context: ChangeMappingContext): InventoryEvent[] {
  if (adjustment.referenceId?.startsWith(stockwireReferencePrefix)) return [];
  const from = readState(adjustment.fromState, '$.adjustment.from_state', adjustment, context);
  const to = readState(adjustment.toState, '$.adjustment.to_state', adjustment, context);
  const position = resolvePosition(adjustment, context);
  const quantity = readUnits(adjustment.quantity, '$.adjustment.quantity', position.unitsPer, adjustment, context);
  if (quantity === 0) return [];
  const effects = adjustmentEffects(from, to, quantity);
  const occurredAt = adjustment.occurredAt ?? adjustment.createdAt ?? '';
  return effects.map(
    (effect, index) =>
      ({
        ...effect,
        idempotencyKey: `square:${adjustment.id}${effects.length > 1 ? `:${index}` : ''}`,
        source: context.connection,
        occurredAt,
        sku: position.sku,
        location: position.location,
        raw: adjustment,
      }) as InventoryEvent,
  );
}

/**
 * A physical count of sellable units at a store is read as a count of its shelf. Counts of other states, and our
 * own counts (pushed into locations Stockwire owns), are not events.
 */
function mapPhysicalCount(count: SquarePhysicalCount, context: ChangeMappingContext): InventoryEvent[] {
  if (count.referenceId?.startsWith(stockwireReferencePrefix) || count.state !== squareSellableState) return [];
  const position = resolvePosition(count, context);
  const counted = readUnits(count.quantity, '$.physical_count.quantity', position.unitsPer, count, context);
  return [
    {
      kind: 'cycle-count',
      counted,
      idempotencyKey: `square:${count.id}`,
      source: context.connection,
      occurredAt: count.occurredAt ?? count.createdAt ?? '',
      sku: position.sku,
      location: position.location,
      raw: count,
    },
  ];
}

function resolvePosition(
  change: { catalogObjectId: string; locationId: string },
  context: ChangeMappingContext,
): { sku: string; location: string; unitsPer: number } {
  const sku = context.mapping.toCanonicalSku(context.skuOfVariation(change.catalogObjectId));
  const location = context.mapping.toCanonicalLocation(change.locationId);
  return { sku, location, unitsPer: context.mapping.unitsPer(sku) };
}

function readState(
  state: string | null | undefined,
  path: string,
  change: unknown,
  context: ChangeMappingContext,
): SquareInventoryState {
  if (typeof state === 'string' && isSquareInventoryState(state)) return state;
  throw new MalformedPayloadError({
    connection: context.connection,
    what: 'an inventory adjustment of BatchRetrieveInventoryChanges',
    path,
    problem: `expected an InventoryState, received ${JSON.stringify(state)}`,
    vendorBody: change,
  });
}

/** A Square quantity in canonical units: whole units only (variations sold by weight are not synced). */
export function readUnits(
  quantity: string | null | undefined,
  path: string,
  unitsPer: number,
  payload: unknown,
  context: { connection: string },
  what = 'an inventory change of BatchRetrieveInventoryChanges',
): number {
  const parsed = parseSquareQuantity(quantity);
  if (parsed === undefined || !Number.isInteger(parsed) || parsed < 0) {
    throw new MalformedPayloadError({
      connection: context.connection,
      what,
      path,
      problem:
        parsed === undefined
          ? `expected a decimal string, received ${JSON.stringify(quantity)}`
          : `expected a whole, non-negative number of units, received ${JSON.stringify(quantity)}`,
      vendorBody: payload,
    });
  }
  return parsed * unitsPer;
}
