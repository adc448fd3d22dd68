import type { Counter, CounterBase, EventOrderKey, PendingDelta, Position } from '@stockwire/model';

type StoredBase = [value: number, timeMs: number, sequence: number, idempotencyKey: string];
type StoredDelta = [timeMs: number, sequence: number, idempotencyKey: string, changes: Record<string, number>];
type StoredIncoming = [expectedAt: string, timeMs: number, sequence: number, idempotencyKey: string];

function orderKey(timeMs: number, sequence: number, idempotencyKey: string): EventOrderKey {
  return { timeMs, sequence, idempotencyKey };
}

/**
 * Where a position read without its pending changes puts each counter's sum of them: after every event, so no
 * absolute value covers it and the model counts it exactly once.
 */
const afterEveryEvent: EventOrderKey = orderKey(Number.MAX_SAFE_INTEGER, 0, '');
export const pendingSumPrefix = 'pending-sum:';

function storedDelta(raw: string): PendingDelta {
  const [timeMs, sequence, key, changes] = JSON.parse(raw) as StoredDelta;
  return { at: orderKey(timeMs, sequence, key), changes: changes as Partial<Record<Counter, number>> };
}

/**
 * The field where the apply script keeps the time of a position's oldest pending change (see `apply-script.ts`):
 * bookkeeping, not part of the position.
 */
const oldestPendingField = 'oldest';

/**
 * Whether a position hash holds a position: a hash left with only its bookkeeping (pending changes that sum to
 * zero, no absolute value) reads as none, as the empty hash an earlier version left there did.
 */
export function holdsPosition(fields: Record<string, string>): boolean {
  for (const field in fields) if (field !== oldestPendingField) return true;
  return false;
}

/**
 * Turns a position hash (as the apply script writes it) into the model's `Position`, so quantities are derived by
 * the model's own functions and never re-implemented here. With `pendingFields` (the pending hash) the position
 * carries its pending changes one by one; without, each counter's pending changes come as one summed entry keyed
 * `pending-sum:<counter>` — the same quantities, read in constant time however many changes are pending.
 */
export function positionFromHash(
  sku: string,
  location: string,
  fields: Record<string, string>,
  pendingFields?: Record<string, string>,
): Position {
  const bases: Partial<Record<Counter, CounterBase>> = {};
  const pending: Record<string, PendingDelta> = {};
  const incomingDates: Record<string, { expectedAt: string; at: EventOrderKey }> = {};
  for (const [field, raw] of Object.entries(fields)) {
    const kind = field.slice(0, 2);
    const name = field.slice(2);
    if (kind === 'b:') {
      const [value, timeMs, sequence, key] = JSON.parse(raw) as StoredBase;
      bases[name as Counter] = { value, at: orderKey(timeMs, sequence, key) };
    } else if (kind === 'n:' && pendingFields === undefined) {
      pending[`${pendingSumPrefix}${name}`] = { at: afterEveryEvent, changes: { [name]: Number(raw) } };
    } else if (kind === 'd:') {
      // Format 1: the changes lived in the position hash until its next change moves them.
      pending[name] = storedDelta(raw);
    } else if (kind === 'i:') {
      const [expectedAt, timeMs, sequence, key] = JSON.parse(raw) as StoredIncoming;
      incomingDates[name] = { expectedAt, at: orderKey(timeMs, sequence, key) };
    }
  }
  for (const [key, raw] of Object.entries(pendingFields ?? {})) pending[key] = storedDelta(raw);
  return { sku, location, bases, pending, incomingDates };
}
