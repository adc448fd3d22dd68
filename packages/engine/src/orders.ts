import {
  type Catalog,
  type Channel,
  type InventoryEvent,
  kitQuantityAtLocation,
  positionQuantities,
  type RoutingDecision,
  routeOrder,
  sellableQuantity,
  UnknownReferenceError,
} from '@stockwire/model';
import { z } from 'zod';
import type { RedisClient } from './engine-scripts.ts';
import type { EngineKeys } from './keys.ts';
import { readSkuState } from './read-sku-state.ts';

export const OrderRequestSchema = z.strictObject({
  /** The sales channel connection the order came from (it must own `committed` for these SKUs). */
  source: z.string().min(1),
  orderReference: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  /** Where the order ships to; locations in that region are preferred. */
  region: z.string().min(1).optional(),
  allowSplit: z.boolean().default(true),
  lines: z
    .array(
      z.strictObject({ lineReference: z.string().min(1), sku: z.string().min(1), quantity: z.number().int().min(1) }),
    )
    .min(1),
});
export type OrderRequest = z.input<typeof OrderRequestSchema>;

/** One unit hold at one location; a kit line holds each of its components. */
export interface Reservation {
  readonly lineReference: string;
  readonly sku: string;
  readonly location: string;
  readonly quantity: number;
}

export interface OrderDecision extends RoutingDecision {
  readonly source: string;
  readonly orderReference: string;
  readonly decidedAt: string;
  /** When the order was placed (its `occurredAt`); absent on a decision recorded for a release that came first. */
  readonly placedAt?: string | undefined;
  readonly reservations: readonly Reservation[];
}

/** Locations an order from this source may ship from: those of the source's channels, else every location. */
function candidateLocations(catalog: Catalog, channels: readonly Channel[], source: string): string[] {
  // Stock a marketplace fulfils itself (Amazon FBA) ships only that marketplace's own orders, which arrive with
  // their location; an order we route is one we ship, so it is never sent there.
  const ours = (location: string) => catalog.locations.get(location)?.kind !== 'marketplace-fulfilled';
  const fromChannels = channels
    .filter((channel) => channel.connection === source)
    .flatMap((channel) => channel.locations)
    .filter(ours);
  return fromChannels.length > 0 ? [...new Set(fromChannels)] : [...catalog.locations.keys()].filter(ours);
}

/**
 * Whether a line of this order may be split over locations: the order allows it and no channel of the connection
 * it came from forbids it (`channels[].allowSplit: false`). Either can forbid; the stricter one wins, since a
 * store that ships every order from one place (one parcel, one packing slip) cannot take a split hold.
 */
export function splitAllowed(channels: readonly Channel[], order: { source: string; allowSplit: boolean }): boolean {
  return (
    order.allowSplit && !channels.some((channel) => channel.connection === order.source && channel.allowSplit === false)
  );
}

/**
 * Routes an order with the model's rules over current sellable stock, and turns the decision into the holds it
 * makes. Kits are routed as kits (assembled per location) and held as their components.
 */
export async function decideOrder(
  redis: RedisClient,
  keys: EngineKeys,
  catalog: Catalog,
  channels: readonly Channel[],
  order: z.output<typeof OrderRequestSchema>,
  decidedAt: string,
): Promise<OrderDecision> {
  const locations = candidateLocations(catalog, channels, order.source);
  const stockSkus = new Set<string>();
  for (const line of order.lines) {
    const sku = catalog.skus.get(line.sku);
    if (sku === undefined) {
      throw new UnknownReferenceError('sku', line.sku, `order ${order.orderReference} line ${line.lineReference}`);
    }
    for (const component of sku.kit?.components ?? [{ sku: sku.id, quantity: 1 }]) stockSkus.add(component.sku);
  }
  const sellable = new Map<string, number>();
  await Promise.all(
    [...stockSkus].map(async (sku) => {
      const state = await readSkuState(redis, keys, sku, locations);
      for (const location of locations) {
        const position = state.positions.get(location);
        sellable.set(`${sku} ${location}`, position === undefined ? 0 : sellableQuantity(positionQuantities(position)));
      }
    }),
  );
  const stockAt = (sku: string, location: string) => sellable.get(`${sku} ${location}`) ?? 0;
  const sellableAt = (sku: string, location: string) => {
    const kit = catalog.skus.get(sku)?.kit;
    return kit === undefined
      ? stockAt(sku, location)
      : kitQuantityAtLocation(kit.components, (component) => stockAt(component, location));
  };
  const candidates = locations
    .map((location) => catalog.locations.get(location))
    .filter((location) => location !== undefined);
  const decision = routeOrder(order.lines, candidates, sellableAt, {
    region: order.region,
    allowSplit: splitAllowed(channels, order),
  });
  const reservations: Reservation[] = decision.allocations.flatMap((allocation) => {
    const kit = catalog.skus.get(allocation.sku)?.kit;
    const parts = kit?.components ?? [{ sku: allocation.sku, quantity: 1 }];
    return parts.map((part) => ({
      lineReference: allocation.lineReference,
      sku: part.sku,
      location: allocation.location,
      quantity: allocation.quantity * part.quantity,
    }));
  });
  return {
    ...decision,
    source: order.source,
    orderReference: order.orderReference,
    decidedAt,
    placedAt: order.occurredAt,
    reservations,
  };
}

export type ReservationEventKind = 'reservation-created' | 'reservation-released' | 'reservation-consumed';

/** The canonical events for a decision's holds; keys are derived so a retried call is recognised. */
export function reservationEvents(
  decision: OrderDecision,
  kind: ReservationEventKind,
  occurredAt: string,
  options: { lineReference?: string | undefined; reason?: 'cancelled' | 'payment-failed' | 'edited' | 'expired' } = {},
): InventoryEvent[] {
  // A hold ends once: released (cancelled) or consumed (shipped), never both. Both take it off committed, so they
  // share one key: a whole-order fulfilment after one line was cancelled must not take that line's hold off again
  // (committed went below zero, overselling), nor a release after a shipment. The key is the release's as it was,
  // so a release redelivered across this change is still recognised.
  const keyKind = kind === 'reservation-created' ? kind : 'reservation-released';
  return decision.reservations
    .filter((reservation) => options.lineReference === undefined || reservation.lineReference === options.lineReference)
    .map((reservation) => {
      const base = {
        idempotencyKey: `order:${decision.source}:${decision.orderReference}:${reservation.lineReference}:${reservation.location}:${reservation.sku}:${keyKind}`,
        source: decision.source,
        occurredAt,
        sku: reservation.sku,
        location: reservation.location,
        orderReference: decision.orderReference,
        lineReference: reservation.lineReference,
        quantity: reservation.quantity,
      };
      if (kind === 'reservation-released') return { ...base, kind, reason: options.reason ?? 'cancelled' };
      return { ...base, kind };
    });
}
