import type { Counter, CounterBase, EventOrderKey, PendingDelta, Position } from '@stockwire/model';

type StoredBase = [value: number, timeMs: number, sequence: number, idempotencyKey: string];
type StoredDelta = [timeMs: number, sequence: number, idempotencyKey: string, changes: Record<string, number>];
type StoredIncoming = [expectedAt: string, timeMs: number, sequence: number, idempotencyKey: string];

function orderKey(timeMs: number, sequence: number, idempotencyKey: string): EventOrderKey {
  return { timeMs, sequence, idempotencyKey };
}

/**
 * Turns a position hash (as the apply script writes it) into the model's `Position`, so quantities are derived by
 * the model's own functions and never re-implemented here.
 */
export function positionFromHash(sku: string, location: string, fields: Record<string, string>): Position {
  const bases: Partial<Record<Counter, CounterBase>> = {};
  const pending: Record<string, PendingDelta> = {};
  const incomingDates: Record<string, { expectedAt: string; at: EventOrderKey }> = {};
  for (const [field, raw] of Object.entries(fields)) {
    const kind = field.slice(0, 2);
    const name = field.slice(2);
    if (kind === 'b:') {
      const [value, timeMs, sequence, key] = JSON.parse(raw) as StoredBase;
      bases[name as Counter] = { value, at: orderKey(timeMs, sequence, key) };
    } else if (kind === 'd:') {
      const [timeMs, sequence, key, changes] = JSON.parse(raw) as StoredDelta;
      pending[name] = { at: orderKey(timeMs, sequence, key), changes: changes as Partial<Record<Counter, number>> };
    } else if (kind === 'i:') {
      const [expectedAt, timeMs, sequence, key] = JSON.parse(raw) as StoredIncoming;
      incomingDates[name] = { expectedAt, at: orderKey(timeMs, sequence, key) };
    }
  }
  return { sku, location, bases, pending, incomingDates };
}
