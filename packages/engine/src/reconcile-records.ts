import {
  type Channel,
  type InventoryEvent,
  positionQuantities,
  type QuantityState,
  toConnectionUnits,
  unitsPerConnectionUnit,
} from '@stockwire/model';
import type { EngineContext } from './engine-context.ts';
import { projectSkus } from './project-skus.ts';
import { readSkuState } from './read-sku-state.ts';
import {
  authorityDrift,
  authoritySnapshotEvents,
  channelOfRecord,
  type Drift,
  type RemoteRecord,
} from './reconcile.ts';

export interface ReconcileResult {
  readonly drifts: readonly Drift[];
  /** Records that matched what we hold or pushed. */
  readonly inSync: number;
  /** Authority records of positions we had never held: loaded, not drift (a first reconciliation, a new SKU). */
  readonly loaded: number;
  /** Snapshot events ingested from the authority (0 in a dry run). */
  readonly snapshotsApplied: number;
  /** Channel SKUs marked for a fresh push (0 in a dry run). */
  readonly pushesScheduled: number;
  /** Records observed before what we already know (a newer observation, a later push): they changed nothing. */
  readonly stale: number;
  /** Records of channels that publish their own numbers (publish: false): kept as observations, never pushed. */
  readonly unpublished: number;
}

type Snapshot = Extract<InventoryEvent, { kind: 'snapshot' }>;
interface Follower {
  readonly c: string;
  readonly field: string;
  readonly q: number;
  readonly at: number;
  readonly iso: string;
  readonly publish: boolean;
}
interface SkuOutcome {
  drifts: Drift[];
  inSync: number;
  loaded: number;
  stale: number;
  unpublished: number;
  scheduled: number;
  indexed: Array<{ member: string; since: string }>;
  unindexed: string[];
}

/** The vendor's observation time in ms; a record without a usable one counts as observed now (documented). */
function observedMs(record: RemoteRecord, nowMs: number): { at: number; iso: string } {
  const at = Date.parse(record.observedAt);
  return Number.isNaN(at) ? { at: nowMs, iso: new Date(nowMs).toISOString() } : { at, iso: new Date(at).toISOString() };
}

/**
 * An authority's snapshots of one SKU against our positions. A state whose absolute value we hold from a later
 * event than the record is stale there: it is neither drift nor proof of being in sync.
 */
async function authorityOutcome(context: EngineContext, sku: string, snapshots: readonly Snapshot[], now: string) {
  const state = await readSkuState(context.redis, context.keys, sku, [...new Set(snapshots.map((s) => s.location))]);
  const result = { drifts: [] as Drift[], resolved: [] as string[], inSync: 0, loaded: 0, stale: 0 };
  for (const snapshot of snapshots) {
    const position = state.positions.get(snapshot.location);
    // A position we have never held is being loaded, not drifting: nothing was missed, there was nothing yet.
    if (position === undefined) {
      result.loaded += 1;
      continue;
    }
    const recordMs = Date.parse(snapshot.occurredAt);
    const states = Object.keys(snapshot.quantities) as QuantityState[];
    const current = states.filter((name) => (position.bases[name as 'onHand']?.at.timeMs ?? -1) <= recordMs);
    if (current.length === 0) {
      result.stale += 1;
      continue;
    }
    const quantities = Object.fromEntries(current.map((name) => [name, snapshot.quantities[name as 'onHand']]));
    const found = authorityDrift({ ...snapshot, quantities }, positionQuantities(position), now);
    if (found.length === 0) result.inSync += 1;
    result.drifts.push(...found);
    // The snapshot heals what it covers: drift of these states recorded earlier is over once it is applied.
    for (const name of current) {
      if (!found.some((drift) => drift.state === name)) result.resolved.push(`${snapshot.location} ${name}`);
    }
  }
  return result;
}

function followerOf(context: EngineContext, connection: string, record: RemoteRecord, nowMs: number) {
  const available = record.quantities.available;
  const channel: Channel | undefined = channelOfRecord(context.channels, connection, record);
  const sku = context.catalog.skus.get(record.sku);
  if (available === undefined || channel === undefined || sku === undefined) return undefined;
  // Records are in canonical units; what we pushed is in the connection's (14 cases pushed, 168 units read back).
  const quantity = toConnectionUnits(Math.max(0, available), unitsPerConnectionUnit(sku, connection));
  const { at, iso } = observedMs(record, nowMs);
  return { c: channel.id, field: `${channel.id} available`, q: quantity, at, iso, publish: channel.publish };
}

interface ScriptReply {
  authority: Array<{ field: string; since: string }> | Record<string, never>;
  followers: Array<{ field: string; outcome: string; since?: string; expected?: number }> | Record<string, never>;
}

/** Reconciles one SKU: one read of its positions, one atomic script for its drifts and follower records. */
async function reconcileSku(
  context: EngineContext,
  sku: string,
  snapshots: readonly Snapshot[],
  followers: readonly Follower[],
  dryRun: boolean,
): Promise<SkuOutcome> {
  const now = context.now().toISOString();
  const authority = await authorityOutcome(context, sku, snapshots, now);
  const skuKeys = context.keys.sku(sku);
  const input = {
    dryRun,
    now,
    sku,
    authority: authority.drifts.map((drift) => ({ field: `${drift.target} ${drift.state}`, drift })),
    resolved: authority.resolved,
    followers,
  };
  const raw = await context.scripts.reconcile(skuKeys.pushed, skuKeys.remote, skuKeys.drift, JSON.stringify(input));
  const reply = JSON.parse(raw) as ScriptReply;
  const outcome: SkuOutcome = { ...authority, scheduled: 0, unpublished: 0, indexed: [], unindexed: [] };
  outcome.unindexed.push(...authority.resolved.map((field) => `${sku} ${field}`));
  const sinceOf = new Map((Array.isArray(reply.authority) ? reply.authority : []).map((a) => [a.field, a.since]));
  outcome.drifts = authority.drifts.map((drift) => {
    const since = sinceOf.get(`${drift.target} ${drift.state}`) ?? drift.since;
    outcome.indexed.push({ member: `${sku} ${drift.target} ${drift.state}`, since });
    return { ...drift, since };
  });
  (Array.isArray(reply.followers) ? reply.followers : []).forEach((result, index) => {
    const follower = followers[index] as Follower;
    if (result.outcome === 'stale') outcome.stale += 1;
    else if (result.outcome === 'unpublished') outcome.unpublished += 1;
    else if (result.outcome === 'in-sync') outcome.inSync += 1;
    if (result.outcome === 'unpublished' || result.outcome === 'in-sync')
      outcome.unindexed.push(`${sku} ${result.field}`);
    if (result.outcome !== 'drift') return;
    const since = result.since ?? now;
    const cause = result.expected === undefined ? 'never-pushed' : 'changed-on-remote';
    outcome.drifts.push({
      sku,
      target: follower.c,
      state: 'available',
      expected: result.expected,
      actual: follower.q,
      cause,
      since,
    });
    outcome.indexed.push({ member: `${sku} ${result.field}`, since });
    outcome.scheduled += 1;
  });
  return outcome;
}

/** The drift index spans SKUs (its own slot): updated in one transaction after the SKUs' scripts. */
async function updateDriftIndex(context: EngineContext, outcomes: readonly SkuOutcome[]): Promise<void> {
  const transaction = context.redis.multi();
  let commands = 0;
  for (const outcome of outcomes) {
    for (const { member, since } of outcome.indexed) {
      transaction.zadd(context.keys.driftIndex, 'NX', Date.parse(since), member);
      commands += 1;
    }
    if (outcome.unindexed.length > 0) {
      transaction.zrem(context.keys.driftIndex, ...outcome.unindexed);
      commands += 1;
    }
  }
  if (commands > 0) await transaction.exec();
}

/**
 * Compares what a connection shows with state. Records of states the connection is the authority for become
 * snapshot events (healing our state); records of a channel it publishes are compared with what we pushed (an
 * echo of our own write is not drift; a real difference is recorded and pushed again). Atomic per SKU: the SKUs
 * are reconciled concurrently, each in one script call, never one awaited Redis call per record.
 */
export async function reconcileRecords(
  context: EngineContext,
  connection: string,
  records: readonly RemoteRecord[],
  dryRun: boolean,
  ingestSnapshots: (events: readonly InventoryEvent[]) => Promise<{ outcomes: ReadonlyArray<string | undefined> }>,
): Promise<ReconcileResult> {
  const nowMs = context.now().getTime();
  const known = records.filter((r) => context.catalog.skus.has(r.sku) && context.catalog.locations.has(r.location));
  const snapshots = authoritySnapshotEvents(connection, context.configuration.authority, known) as Snapshot[];
  const bySku = new Map<string, { snapshots: Snapshot[]; followers: Follower[] }>();
  const entry = (sku: string) => {
    const found = bySku.get(sku) ?? { snapshots: [], followers: [] };
    bySku.set(sku, found);
    return found;
  };
  for (const snapshot of snapshots) entry(snapshot.sku).snapshots.push(snapshot);
  for (const record of known) {
    const follower = followerOf(context, connection, record, nowMs);
    if (follower !== undefined) entry(record.sku).followers.push(follower);
  }
  const outcomes = await Promise.all(
    [...bySku].map(([sku, parts]) => reconcileSku(context, sku, parts.snapshots, parts.followers, dryRun)),
  );
  let snapshotsApplied = 0;
  if (!dryRun) {
    await updateDriftIndex(context, outcomes);
    if (snapshots.length > 0) {
      const result = await ingestSnapshots(snapshots);
      snapshotsApplied = result.outcomes.filter((outcome) => outcome === 'applied').length;
    }
    const scheduledSkus = outcomes.flatMap((outcome, index) =>
      outcome.scheduled > 0 ? [[...bySku.keys()][index] as string] : [],
    );
    if (scheduledSkus.length > 0) await projectSkus(context, new Set(scheduledSkus));
  }
  const sum = (pick: (outcome: SkuOutcome) => number) => outcomes.reduce((total, outcome) => total + pick(outcome), 0);
  return {
    drifts: outcomes.flatMap((outcome) => outcome.drifts),
    inSync: sum((outcome) => outcome.inSync),
    loaded: sum((outcome) => outcome.loaded),
    snapshotsApplied,
    pushesScheduled: sum((outcome) => outcome.scheduled),
    stale: sum((outcome) => outcome.stale),
    unpublished: sum((outcome) => outcome.unpublished),
  };
}
