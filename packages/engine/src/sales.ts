import { type Channel, channelListsSku } from '@stockwire/model';
import type { EventOutcome } from './apply-batch.ts';

/**
 * Units a channel sold. This is the one definition of a sale (activity logs, alerts and the re-push after a sale
 * all read it): stock newly taken by the connection of a channel that lists the SKU — a hold
 * (`reservation-created`: one it reported with its location, or one an order placement routed), or a shipment no
 * hold preceded (a till, a marketplace that only reports dispatches). A redelivery applies nothing, so it sells
 * nothing; a hold re-applied by a release that overtook its placement is counted there, and the placement's own
 * copy is then a duplicate: each hold sells once, whichever path applied it.
 */
export interface Sale {
  readonly connection: string;
  readonly sku: string;
  readonly quantity: number;
  readonly eventId: string;
  /** When the sale happened, as the event says (what a sales velocity counts by). */
  readonly occurredAt?: string | undefined;
}

type SaleCandidate = {
  kind?: unknown;
  source?: unknown;
  sku?: unknown;
  quantity?: unknown;
  orderReference?: unknown;
  idempotencyKey?: unknown;
  occurredAt?: unknown;
};

/** Whether a connection publishes a channel that lists this SKU: only then is its taking stock a sale. */
export function sellsSku(channels: readonly Channel[], connection: string, sku: string): boolean {
  return channels.some((channel) => channel.connection === connection && channelListsSku(channel, sku));
}

export function salesOfEvents(
  channels: readonly Channel[],
  events: readonly unknown[],
  outcomes: ReadonlyArray<EventOutcome | undefined>,
): Sale[] {
  const sales: Sale[] = [];
  events.forEach((input, index) => {
    if (outcomes[index] !== 'applied' || typeof input !== 'object' || input === null) return;
    const event = input as SaleCandidate;
    const isSale =
      event.kind === 'reservation-created' || (event.kind === 'shipment' && event.orderReference === undefined);
    if (!isSale || typeof event.sku !== 'string' || typeof event.quantity !== 'number') return;
    if (typeof event.source !== 'string' || !sellsSku(channels, event.source, event.sku)) return;
    sales.push({
      connection: event.source,
      sku: event.sku,
      quantity: event.quantity,
      eventId: String(event.idempotencyKey),
      ...(typeof event.occurredAt === 'string' ? { occurredAt: event.occurredAt } : {}),
    });
  });
  return sales;
}
