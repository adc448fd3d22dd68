import { type Counter, eventEffects, type PositionEffect } from './event-effects.ts';
import { compareEventOrder, type EventOrderKey, eventOrderKey } from './event-order.ts';
import type { InventoryEvent } from './events.ts';
import { type CounterBase, emptyPosition, isCovered, type PendingDelta, type Position } from './position.ts';

/**
 * - `applied`: the position changed.
 * - `duplicate`: this exact event was applied before.
 * - `superseded`: a newer absolute value already accounts for it (a late delta, or a snapshot older than one
 *   applied); nothing changes, which is what makes late and reordered deliveries harmless.
 */
export type ApplyOutcome = 'applied' | 'duplicate' | 'superseded';

export interface ApplyEffectResult {
  readonly position: Position;
  readonly outcome: ApplyOutcome;
}

/** Applies one effect of an event to its position. Pure: returns a new position. */
export function applyEffect(position: Position, positionEffect: PositionEffect, at: EventOrderKey): ApplyEffectResult {
  if (position.pending[at.idempotencyKey] !== undefined) return { position, outcome: 'duplicate' };

  const bases: Partial<Record<Counter, CounterBase>> = { ...position.bases };
  const incomingDates = { ...position.incomingDates };
  let changed = false;
  let sawSameAbsolute = false;

  for (const [counter, value] of Object.entries(positionEffect.absolute) as Array<[Counter, number]>) {
    const base = bases[counter];
    const order = base === undefined ? 1 : compareEventOrder(at, base.at);
    if (order === 0) sawSameAbsolute = true;
    if (order > 0) {
      bases[counter] = { value, at };
      changed = true;
    }
  }
  for (const [reference, expectedAt] of Object.entries(positionEffect.incomingDates)) {
    const known = incomingDates[reference];
    if (expectedAt !== undefined && (known === undefined || compareEventOrder(at, known.at) > 0)) {
      incomingDates[reference] = { expectedAt, at };
    }
  }

  const uncovered: Partial<Record<Counter, number>> = {};
  let hasUncovered = false;
  for (const [counter, change] of Object.entries(positionEffect.changes) as Array<[Counter, number]>) {
    if (change === 0 || isCovered(position, counter, at)) continue;
    uncovered[counter] = change;
    hasUncovered = true;
  }

  let pending: Record<string, PendingDelta> = { ...position.pending };
  if (hasUncovered) {
    pending[at.idempotencyKey] = { at, changes: uncovered };
    changed = true;
  }
  if (!changed) {
    const recordOnly =
      Object.keys(positionEffect.absolute).length === 0 && Object.keys(positionEffect.changes).length === 0;
    if (recordOnly) return { position, outcome: 'applied' };
    return { position, outcome: sawSameAbsolute ? 'duplicate' : 'superseded' };
  }
  const next: Position = { ...position, bases, pending, incomingDates };
  pending = prunePending(next);
  return { position: { ...next, pending }, outcome: 'applied' };
}

/** Drops pending changes that newer absolute values now account for entirely; they can never count again. */
function prunePending(position: Position): Record<string, PendingDelta> {
  const kept: Record<string, PendingDelta> = {};
  for (const [key, delta] of Object.entries(position.pending)) {
    const counters = Object.keys(delta.changes) as Counter[];
    if (counters.every((counter) => isCovered(position, counter, delta.at))) continue;
    kept[key] = delta;
  }
  return kept;
}

export interface PositionKey {
  readonly sku: string;
  readonly location: string;
}

export function positionKey(sku: string, location: string): string {
  return `${sku}\u0000${location}`;
}

export interface ApplyEventResult {
  /** The positions the event touched, after it. */
  readonly positions: Position[];
  /** `applied` when any touched position changed. */
  readonly outcome: ApplyOutcome;
}

/**
 * Applies an event to the positions it touches (a transfer touches two). `lookup` returns the current position
 * or undefined for a SKU × location never seen. Authority is checked separately (see `checkAuthority`).
 */
export function applyEvent(
  lookup: (sku: string, location: string) => Position | undefined,
  event: InventoryEvent,
): ApplyEventResult {
  const at = eventOrderKey(event);
  const positions: Position[] = [];
  const outcomes: ApplyOutcome[] = [];
  for (const positionEffect of eventEffects(event)) {
    const current =
      lookup(positionEffect.sku, positionEffect.location) ?? emptyPosition(positionEffect.sku, positionEffect.location);
    const result = applyEffect(current, positionEffect, at);
    positions.push(result.position);
    outcomes.push(result.outcome);
  }
  const outcome: ApplyOutcome = outcomes.includes('applied')
    ? 'applied'
    : outcomes.includes('duplicate')
      ? 'duplicate'
      : 'superseded';
  return { positions, outcome };
}

/** Applies events in the given order to an in-memory map of positions (for tests, previews and simulations). */
export function applyEvents(
  positions: Map<string, Position>,
  events: Iterable<InventoryEvent>,
): { applied: number; duplicates: number; superseded: number } {
  const counts = { applied: 0, duplicates: 0, superseded: 0 };
  for (const event of events) {
    const result = applyEvent((sku, location) => positions.get(positionKey(sku, location)), event);
    for (const position of result.positions) positions.set(positionKey(position.sku, position.location), position);
    if (result.outcome === 'applied') counts.applied++;
    else if (result.outcome === 'duplicate') counts.duplicates++;
    else counts.superseded++;
  }
  return counts;
}
