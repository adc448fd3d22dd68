import {
  type AuthorityRule,
  authorityFor,
  type Channel,
  type InventoryEvent,
  type QuantitiesByState,
  type QuantityState,
  type SnapshotQuantityState,
  snapshotQuantityStates,
} from '@stockwire/model';

/** What a remote holds for one SKU at one location (the shape of the kit's `RemoteInventoryRecordV1`). */
export interface RemoteRecord {
  readonly sku: string;
  readonly location: string;
  /** Authority states in canonical units; `available` as the channel shows it, in the connection's units. */
  readonly quantities: Partial<Record<QuantityState | 'available', number>>;
  readonly observedAt: string;
}

export type DriftCause =
  /** The authority holds a different number than our state: events were lost or never sent. */
  | 'missed-events'
  /** The channel shows something other than what we pushed: changed on the remote, or sales not yet received. */
  | 'changed-on-remote'
  /** The channel shows a quantity we never pushed. */
  | 'never-pushed';

export interface Drift {
  readonly sku: string;
  /** A channel id for a follower, a location id for the authority's own state. */
  readonly target: string;
  readonly state: QuantityState | 'available';
  readonly expected: number | undefined;
  readonly actual: number;
  readonly cause: DriftCause;
  /** When this drift was first seen (kept while it lasts). */
  readonly since: string;
}

/**
 * The states of a record that the connection is the authority for, as one canonical snapshot per record. The
 * idempotency key is derived from the record, so re-reading the same snapshot twice changes nothing.
 */
export function authoritySnapshotEvents(
  connection: string,
  authority: readonly AuthorityRule[],
  records: readonly RemoteRecord[],
): InventoryEvent[] {
  const events: InventoryEvent[] = [];
  for (const record of records) {
    const owned: Partial<Record<SnapshotQuantityState, number>> = {};
    for (const state of snapshotQuantityStates) {
      const value = record.quantities[state];
      if (value === undefined) continue;
      if (authorityFor(authority, record.sku, record.location, state)?.connections.includes(connection)) {
        owned[state] = Math.max(0, value);
      }
    }
    if (Object.keys(owned).length === 0) continue;
    events.push({
      kind: 'snapshot',
      idempotencyKey: `reconcile:${connection}:${record.sku}:${record.location}:${record.observedAt}`,
      source: connection,
      occurredAt: record.observedAt,
      sku: record.sku,
      location: record.location,
      quantities: owned,
    });
  }
  return events;
}

/** Differences between an authority's record and our state, for the states it owns. */
export function authorityDrift(
  snapshot: Extract<InventoryEvent, { kind: 'snapshot' }>,
  current: QuantitiesByState,
  since: string,
): Drift[] {
  const drifts: Drift[] = [];
  for (const [state, actual] of Object.entries(snapshot.quantities) as Array<[QuantityState, number]>) {
    if (current[state] !== actual) {
      drifts.push({
        sku: snapshot.sku,
        target: snapshot.location,
        state,
        expected: current[state],
        actual,
        cause: 'missed-events',
        since,
      });
    }
  }
  return drifts;
}

/** The channel of a follower connection a record belongs to: the one selling from the record's location, else the only one. */
export function channelOfRecord(
  channels: readonly Channel[],
  connection: string,
  record: RemoteRecord,
): Channel | undefined {
  const ofConnection = channels.filter((channel) => channel.connection === connection);
  return (
    ofConnection.find((channel) => channel.locations.includes(record.location)) ??
    (ofConnection.length === 1 ? ofConnection[0] : undefined)
  );
}
