import type { Location } from './location.ts';

export interface OrderLineRequest {
  readonly lineReference: string;
  readonly sku: string;
  readonly quantity: number;
}

export interface RoutingOptions {
  /** The region the order ships to; locations in it are preferred. */
  readonly region?: string | undefined;
  /** May one line be split over several locations? */
  readonly allowSplit: boolean;
}

export interface Allocation {
  readonly lineReference: string;
  readonly sku: string;
  readonly location: string;
  readonly quantity: number;
}

export interface RoutingDecision {
  readonly allocations: readonly Allocation[];
  readonly unfilled: ReadonlyArray<{ lineReference: string; sku: string; quantity: number }>;
  /** Why these locations, in words, for the audit trail. */
  readonly reason: string;
}

/** Same region first, then lower priority number, then id for a stable order. Offline locations never. */
export function rankLocations(locations: Iterable<Location>, region: string | undefined): Location[] {
  return [...locations]
    .filter((location) => location.status === 'active')
    .sort((a, b) => {
      const regionA = region !== undefined && a.region === region ? 0 : 1;
      const regionB = region !== undefined && b.region === region ? 0 : 1;
      if (regionA !== regionB) return regionA - regionB;
      if (a.priority !== b.priority) return a.priority - b.priority;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
}

/**
 * Chooses where each order line is reserved. Without splitting, the whole order goes to the best location that
 * can ship all of it; failing that each line goes whole to the best location that has it. With splitting, each
 * line takes what it can from each location in rank order. Never allocates more than a location can sell.
 */
export function routeOrder(
  lines: readonly OrderLineRequest[],
  candidates: Iterable<Location>,
  sellableAt: (sku: string, location: string) => number,
  options: RoutingOptions,
): RoutingDecision {
  const ranked = rankLocations(candidates, options.region);
  const remaining = new Map<string, number>();
  const left = (sku: string, location: string) => {
    const key = `${sku}\u0000${location}`;
    if (!remaining.has(key)) remaining.set(key, Math.max(0, sellableAt(sku, location)));
    return remaining.get(key) ?? 0;
  };
  const take = (sku: string, location: string, quantity: number) => {
    remaining.set(`${sku}\u0000${location}`, left(sku, location) - quantity);
  };

  if (!options.allowSplit) {
    const whole = ranked.find((location) => canShipAll(lines, location.id, sellableAt));
    if (whole !== undefined) {
      return {
        allocations: lines.map((line) => ({ ...pick(line), location: whole.id, quantity: line.quantity })),
        unfilled: [],
        reason: `whole order from ${whole.id} (first in rank able to ship every line${regionNote(options)})`,
      };
    }
  }

  const allocations: Allocation[] = [];
  const unfilled: Array<{ lineReference: string; sku: string; quantity: number }> = [];
  for (const line of lines) {
    let needed = line.quantity;
    if (!options.allowSplit) {
      const location = ranked.find((candidate) => left(line.sku, candidate.id) >= needed);
      if (location !== undefined) {
        allocations.push({ ...pick(line), location: location.id, quantity: needed });
        take(line.sku, location.id, needed);
        needed = 0;
      }
    } else {
      for (const location of ranked) {
        if (needed === 0) break;
        const quantity = Math.min(needed, left(line.sku, location.id));
        if (quantity <= 0) continue;
        allocations.push({ ...pick(line), location: location.id, quantity });
        take(line.sku, location.id, quantity);
        needed -= quantity;
      }
    }
    if (needed > 0) unfilled.push({ ...pick(line), quantity: needed });
  }
  const used = [...new Set(allocations.map((allocation) => allocation.location))];
  const reason =
    used.length === 0
      ? 'no active location can fill any line'
      : `${options.allowSplit ? 'split' : 'per line, unsplit'} over ${used.join(', ')} in rank order${regionNote(options)}` +
        (unfilled.length > 0 ? `; ${unfilled.length} line(s) not fully available` : '');
  return { allocations, unfilled, reason };
}

function canShipAll(
  lines: readonly OrderLineRequest[],
  location: string,
  sellableAt: (sku: string, location: string) => number,
): boolean {
  const needed = new Map<string, number>();
  for (const line of lines) needed.set(line.sku, (needed.get(line.sku) ?? 0) + line.quantity);
  return [...needed].every(([sku, quantity]) => sellableAt(sku, location) >= quantity);
}

function pick(line: OrderLineRequest) {
  return { lineReference: line.lineReference, sku: line.sku };
}

function regionNote(options: RoutingOptions): string {
  return options.region === undefined ? '' : `, region ${options.region} first`;
}
