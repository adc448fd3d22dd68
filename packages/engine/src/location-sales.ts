import type { EngineContext } from './engine-context.ts';
import { createReads } from './reads.ts';
import { salesOfEvents, sellsSku } from './sales.ts';

/** When the sales counted happened (the events' `occurredAt`): `since` included, `until` excluded. */
export interface SalesWindow {
  readonly since: Date;
  readonly until: Date;
}

/**
 * Units of a SKU sold at each location within the window, read from its ledger: the demand replenishment
 * measures. A sale is what `salesOfEvents` says it is (a hold by a selling connection, or a shipment no hold
 * preceded), so a hold and the shipment that later fulfils it count once. A hold released within the window (a
 * cancelled or edited order) is taken back, but only when the hold itself was counted: a release of an order
 * placed before the window must not eat into the window's sales. Totals never go below zero.
 *
 * The ledger keeps only what was applied (duplicates and superseded events changed nothing) and only for the
 * engine's ledger retention, so a window reaching further back sees fewer sales than happened.
 */
export async function unitsSoldByLocation(
  context: EngineContext,
  sku: string,
  window: SalesWindow,
): Promise<ReadonlyMap<string, number>> {
  const length = await context.redis.llen(context.keys.sku(sku).ledger);
  const entries = length === 0 ? [] : await createReads(context).ledger(sku, length);
  const since = window.since.getTime();
  const until = window.until.getTime();
  const sold = new Map<string, number>();
  const countedHolds = new Map<string, number>();
  const add = (location: string, quantity: number) => sold.set(location, (sold.get(location) ?? 0) + quantity);
  // The reads return the newest first; holds must be seen before their releases.
  for (const { event } of entries.reverse()) {
    const occurredAt = Date.parse(String(event.occurredAt));
    if (!(occurredAt >= since && occurredAt < until) || typeof event.location !== 'string') continue;
    const holdKey = `${String(event.source)} ${String(event.orderReference)} ${String(event.lineReference)}`;
    const [sale] = salesOfEvents(context.channels, [event], ['applied']);
    if (sale !== undefined) {
      add(event.location, sale.quantity);
      if (event.kind === 'reservation-created')
        countedHolds.set(holdKey, (countedHolds.get(holdKey) ?? 0) + sale.quantity);
      continue;
    }
    if (event.kind !== 'reservation-released' || typeof event.quantity !== 'number') continue;
    if (typeof event.source !== 'string' || !sellsSku(context.channels, event.source, sku)) continue;
    const taken = Math.min(event.quantity, countedHolds.get(holdKey) ?? 0);
    if (taken === 0) continue;
    countedHolds.set(holdKey, (countedHolds.get(holdKey) ?? 0) - taken);
    add(event.location, -taken);
  }
  for (const [location, quantity] of sold) sold.set(location, Math.max(0, quantity));
  return sold;
}
