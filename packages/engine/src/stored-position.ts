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

/** A SKU's state hash as a reply gives it: flat (`field, value, …`, a script's answer) or as an object (HGETALL). */
export type StateHashReply = readonly string[] | Readonly<Record<string, string>>;

function* stateEntries(reply: StateHashReply): Generator<[string, string]> {
  if (Array.isArray(reply)) {
    for (let index = 0; index < reply.length; index += 2) yield [reply[index] ?? '', reply[index + 1] ?? ''];
  } else {
    yield* Object.entries(reply as Record<string, string>);
  }
}

/**
 * The positions a SKU's state hash holds at the given locations (its fields `<location> <field>`, see `keys.ts`;
 * the SKU's own fields have no space). `pendingByLocation` as in `positionFromHash`.
 */
export function positionsFromState(
  sku: string,
  reply: StateHashReply,
  locations: Iterable<string>,
  pendingByLocation?: ReadonlyMap<string, Record<string, string>>,
): Map<string, Position> {
  const wanted = new Set(locations);
  const byLocation = new Map<string, Record<string, string>>();
  for (const [field, value] of stateEntries(reply)) {
    const space = field.indexOf(' ');
    if (space < 0) continue;
    const location = field.slice(0, space);
    if (!wanted.has(location)) continue;
    let fields = byLocation.get(location);
    if (fields === undefined) {
      fields = {};
      byLocation.set(location, fields);
    }
    fields[field.slice(space + 1)] = value;
  }
  const positions = new Map<string, Position>();
  for (const location of wanted) {
    const fields = byLocation.get(location);
    if (fields !== undefined && holdsPosition(fields)) {
      const pending = pendingByLocation === undefined ? undefined : (pendingByLocation.get(location) ?? {});
      positions.set(location, positionFromHash(sku, location, fields, pending));
    }
  }
  return positions;
}
