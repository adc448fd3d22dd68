import {
  buildCatalog,
  type Channel,
  channelListsSku,
  type ListingStatus,
  type Position,
  positionQuantities,
  type QuantitiesByState,
  type StockwireConfiguration,
} from '@stockwire/model';
import { type ApplyBatchResult, applyBatch, type EventOutcome } from './apply-batch.ts';
import { type EngineOptions, EngineOptionsSchema } from './engine-options.ts';
import { defineEngineScripts, type RedisClient } from './engine-scripts.ts';
import { createEngineKeys } from './keys.ts';
import { decideOrder, type OrderDecision, type OrderRequest, OrderRequestSchema, reservationEvents } from './orders.ts';
import { type PushPlan, planPushFor } from './plan-push.ts';
import {
  affectedSkus,
  type ComputedChannelQuantity,
  computeSku,
  dirtyMember,
  locationsOfChannels,
  type ProjectionContext,
  parseDirtyMember,
  projectSkus,
} from './project-skus.ts';
import { readSkuState } from './read-sku-state.ts';
import {
  authorityDrift,
  authoritySnapshotEvents,
  channelOfRecord,
  type Drift,
  type RemoteRecord,
} from './reconcile.ts';

export interface IngestResult extends ApplyBatchResult {
  /** Channel quantities recomputed because of this batch. */
  readonly computed: readonly ComputedChannelQuantity[];
}

export interface DirtyEntry {
  readonly channel: string;
  readonly sku: string;
  /** The marking this entry was taken at; acknowledging removes it only if it was not marked again since. */
  readonly score: number;
}

export interface PushedRecord {
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
  readonly status: ListingStatus;
  /** The computed version that was pushed. */
  readonly version: number;
}

export interface ChannelSkuStatus {
  readonly computed?: { quantity: number; status: ListingStatus; version: number; computedAt: string } | undefined;
  readonly pushed?: { quantity: number; status: ListingStatus; version: number; pushedAt: string } | undefined;
  /** What the channel was last seen to show (reconciliation, a level webhook, a stale compare). */
  readonly remote?: { quantity: number; observedAt: string } | undefined;
}

export interface Engine {
  /** Validates, checks authority, applies atomically per SKU, recomputes affected channel quantities, marks dirty. */
  ingest(events: readonly unknown[]): Promise<IngestResult>;
  /** Current quantities by state of a SKU at a location (zeros when never seen). */
  quantities(sku: string, location: string): Promise<QuantitiesByState>;
  position(sku: string, location: string): Promise<Position | undefined>;
  /** Recomputes a SKU's channel quantities from current state without storing them (previews, push planning). */
  compute(sku: string): Promise<ComputedChannelQuantity[]>;
  /** Recomputes, stores and marks dirty (used after configuration changes and by reconciliation). */
  reproject(skus: Iterable<string>): Promise<ComputedChannelQuantity[]>;
  /** The oldest dirty channel SKUs of a connection, without removing them. */
  takeDirty(connection: string, limit: number): Promise<DirtyEntry[]>;
  acknowledgeDirty(connection: string, entries: readonly DirtyEntry[]): Promise<number>;
  dirtyCount(connection: string): Promise<number>;
  recordPushed(records: readonly PushedRecord[]): Promise<void>;
  /** What a channel was seen to show (a stale compare-and-set answer, a webhook), so the next plan compares with it. */
  recordRemote(
    observations: ReadonlyArray<{ channel: string; sku: string; quantity: number; observedAt: string }>,
  ): Promise<void>;
  /**
   * What to push for dirty entries: each value recomputed from current state now (never a stale one), and the
   * entries whose current value was already pushed, to acknowledge without a call.
   */
  planPush(entries: ReadonlyArray<{ channel: string; sku: string }>): Promise<PushPlan>;
  status(sku: string, channel: string): Promise<ChannelSkuStatus>;
  /**
   * Compares a connection's full snapshot with state. Records of states the connection is the authority for
   * become snapshot events (healing our state); records of a channel it publishes are compared with what we
   * pushed, an echo of our own write is not drift, and a real difference is recorded and pushed again.
   */
  reconcile(
    connection: string,
    records: readonly RemoteRecord[],
    options?: { dryRun?: boolean },
  ): Promise<ReconcileResult>;
  /**
   * Reserves an order's lines at the locations the model's routing chooses (region, priority, split rules) and
   * records the decision with its reason. Idempotent per source and order reference: a retry returns the first
   * decision and reserves nothing twice.
   */
  placeOrder(order: OrderRequest): Promise<{ decision: OrderDecision; ingest: IngestResult }>;
  /**
   * Releases exactly what the order holds (all lines, or one), e.g. on cancellation or failed payment. Undefined
   * when the order holds nothing yet; a whole-order release is then remembered, and the order, when it comes,
   * holds nothing.
   */
  releaseOrder(request: ReleaseOrderRequest): Promise<IngestResult | undefined>;
  /** The order's holds leave with the parcel: committed drops by exactly what was held. */
  fulfillOrder(request: Omit<ReleaseOrderRequest, 'reason'>): Promise<IngestResult | undefined>;
  orderDecision(source: string, orderReference: string): Promise<OrderDecision | undefined>;
  /** Open drifts, oldest first. */
  drifts(limit?: number): Promise<Drift[]>;
  /** The newest movements of a SKU: which system sent the last valid update, and when. */
  ledger(
    sku: string,
    limit?: number,
  ): Promise<Array<{ id: string; at: number; event: Record<string, unknown>; outcome: string }>>;
}

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
}

/**
 * The holds of a decision followed by their release or consumption. The holds' idempotency keys are the ones
 * `placeOrder` uses, so where they were applied they are duplicates; where the placement is still in flight
 * (a cancellation overtaking it), they apply now, and the placement's own copy becomes the duplicate. Either way
 * committed never dips below what is really held, not even for a moment.
 */
function heldThen(
  decision: OrderDecision,
  kind: 'reservation-released' | 'reservation-consumed',
  occurredAt: string,
  options: Parameters<typeof reservationEvents>[3],
) {
  const lineReference = options?.lineReference;
  return [
    ...reservationEvents(decision, 'reservation-created', decision.placedAt ?? decision.decidedAt, { lineReference }),
    ...reservationEvents(decision, kind, occurredAt, options),
  ];
}

export interface ReleaseOrderRequest {
  readonly source: string;
  readonly orderReference: string;
  readonly occurredAt: string;
  readonly lineReference?: string | undefined;
  readonly reason: 'cancelled' | 'payment-failed' | 'edited' | 'expired';
}

export interface CreateEngineInput {
  readonly redis: RedisClient;
  readonly configuration: StockwireConfiguration;
  readonly options?: EngineOptions | undefined;
  readonly now?: (() => Date) | undefined;
}

export function createEngine(input: CreateEngineInput): Engine {
  const options = EngineOptionsSchema.parse(input.options ?? {});
  if (options.settleHorizonMs < options.idempotencyRetentionMs) {
    throw new Error('settleHorizonMs must not be shorter than idempotencyRetentionMs');
  }
  const { redis, configuration } = input;
  const keys = createEngineKeys(options.keyPrefix);
  const catalog = buildCatalog(configuration);
  const channels: readonly Channel[] = configuration.channels;
  const channelById = new Map(channels.map((channel) => [channel.id, channel]));
  const channelLocations = locationsOfChannels(channels);
  const scripts = defineEngineScripts(redis);
  const projection: ProjectionContext = {
    redis,
    scripts,
    keys,
    catalog,
    channels,
    now: input.now ?? (() => new Date()),
  };

  /**
   * A whole-order release that arrives before its order (webhooks overtake each other) is recorded in the
   * order's slot as an empty decision, so the placement that comes later finds it and holds nothing: the
   * cancellation is neither lost nor able to take committed below zero. Whichever of the two writes first wins
   * (SET NX on the same key). A release of one line cannot stand for the order and is left to the caller.
   */
  async function releaseBeforePlacement(request: ReleaseOrderRequest): Promise<OrderDecision | undefined> {
    if (request.lineReference !== undefined) return undefined;
    const released: OrderDecision = {
      source: request.source,
      orderReference: request.orderReference,
      decidedAt: projection.now().toISOString(),
      allocations: [],
      unfilled: [],
      reservations: [],
      reason: `${request.reason} before it was placed (${request.occurredAt}): nothing held`,
    };
    const key = keys.order(request.source, request.orderReference);
    const stored = await redis.set(key, JSON.stringify(released), 'PX', options.idempotencyRetentionMs, 'NX');
    if (stored === 'OK') return undefined;
    return await engine.orderDecision(request.source, request.orderReference);
  }

  /**
   * A marketplace or store lowers its own number when it sells (Amazon's listing quantity, Shopify's available):
   * after a sale on a channel, what we pushed there is no longer what it shows. Forgetting our record of the push
   * and of the last value seen makes the projection push the recomputed value again, even when the sale left the
   * computed quantity unchanged (a percentage rounding, a buffer) — otherwise the channel would stay one sale low.
   */
  const forgetWhatSalesChanged = async (
    events: readonly unknown[],
    outcomes: ReadonlyArray<EventOutcome | undefined>,
  ) => {
    const forgets: Array<Promise<unknown>> = [];
    events.forEach((input, index) => {
      if (outcomes[index] !== 'applied' || typeof input !== 'object' || input === null) return;
      const event = input as { kind?: unknown; source?: unknown; sku?: unknown };
      if (event.kind !== 'reservation-created' || typeof event.sku !== 'string') return;
      const sku = event.sku;
      const sold = channels.filter(
        (channel) => channel.connection === event.source && channel.publish && channelListsSku(channel, sku),
      );
      if (sold.length === 0) return;
      const fields = sold.map((channel) => channel.id);
      forgets.push(redis.hdel(keys.sku(sku).pushed, ...fields), redis.hdel(keys.sku(sku).remote, ...fields));
    });
    await Promise.all(forgets);
  };

  const engine: Engine = {
    async ingest(events) {
      const applied = await applyBatch(
        scripts,
        keys,
        options,
        catalog,
        configuration.authority,
        events,
        channelLocations,
      );
      await forgetWhatSalesChanged(events, applied.outcomes);
      // Touched, not only changed: when a crash interrupted an earlier delivery after the apply, the redelivery is
      // all duplicates, and must still bring the projection and the dirty marks up to date.
      const computed = await projectSkus(projection, affectedSkus(catalog, applied.touchedSkus), applied.states);
      return { ...applied, computed };
    },
    async quantities(sku, location) {
      const state = await readSkuState(redis, keys, sku, [location]);
      const found = state.positions.get(location);
      return positionQuantities(found ?? { sku, location, bases: {}, pending: {}, incomingDates: {} });
    },
    async position(sku, location) {
      return (await readSkuState(redis, keys, sku, [location])).positions.get(location);
    },
    compute: (sku) => computeSku(projection, sku),
    reproject: (skus) => projectSkus(projection, skus),
    async takeDirty(connection, limit) {
      const flat = await redis.zrange(keys.dirty(connection), '0', String(Math.max(0, limit - 1)), 'WITHSCORES');
      const entries: DirtyEntry[] = [];
      for (let index = 0; index < flat.length; index += 2) {
        entries.push({ ...parseDirtyMember(flat[index] ?? ''), score: Number(flat[index + 1]) });
      }
      return entries;
    },
    async acknowledgeDirty(connection, entries) {
      if (entries.length === 0) return 0;
      const pairs = entries.flatMap((entry) => [dirtyMember(entry.channel, entry.sku), entry.score]);
      return await scripts.acknowledgeDirty(keys.dirty(connection), pairs);
    },
    dirtyCount: (connection) => redis.zcard(keys.dirty(connection)),
    async recordPushed(records) {
      const bySku = new Map<string, PushedRecord[]>();
      for (const record of records) bySku.set(record.sku, [...(bySku.get(record.sku) ?? []), record]);
      const pushedAt = projection.now().toISOString();
      await Promise.all(
        [...bySku].map(([sku, skuRecords]) =>
          scripts.recordPushed(
            keys.sku(sku).pushed,
            JSON.stringify(
              skuRecords.map((record) => ({
                c: record.channel,
                v: record.version,
                j: JSON.stringify({
                  quantity: record.quantity,
                  status: record.status,
                  version: record.version,
                  pushedAt,
                }),
              })),
            ),
          ),
        ),
      );
    },
    async planPush(entries) {
      const skus = [...new Set(entries.map((entry) => entry.sku))];
      const computedBySku = new Map<string, ComputedChannelQuantity[]>();
      const pushedBySku = new Map<string, Record<string, string>>();
      const remoteBySku = new Map<string, Record<string, string>>();
      await Promise.all(
        skus.map(async (sku) => {
          computedBySku.set(sku, catalog.skus.has(sku) ? await computeSku(projection, sku) : []);
          pushedBySku.set(sku, await redis.hgetall(keys.sku(sku).pushed));
          remoteBySku.set(sku, await redis.hgetall(keys.sku(sku).remote));
        }),
      );
      const stored = (bySku: Map<string, Record<string, string>>) => (sku: string, channel: string) => {
        const raw = bySku.get(sku)?.[channel];
        return raw === undefined ? undefined : JSON.parse(raw);
      };
      return planPushFor(channelById, entries, computedBySku, stored(pushedBySku), stored(remoteBySku));
    },
    async recordRemote(observations) {
      await Promise.all(
        observations.map((observation) =>
          redis.hset(
            keys.sku(observation.sku).remote,
            observation.channel,
            JSON.stringify({ quantity: observation.quantity, observedAt: observation.observedAt }),
          ),
        ),
      );
    },
    async status(sku, channel) {
      const skuKeys = keys.sku(sku);
      const [computed, pushed, remote] = await Promise.all([
        redis.hget(skuKeys.computed, channel),
        redis.hget(skuKeys.pushed, channel),
        redis.hget(skuKeys.remote, channel),
      ]);
      const parsed = (raw: string | null) => (raw === null ? undefined : JSON.parse(raw));
      return { computed: parsed(computed), pushed: parsed(pushed), remote: parsed(remote) };
    },
    async reconcile(connection, records, reconcileOptions = {}) {
      const dryRun = reconcileOptions.dryRun === true;
      const now = projection.now().toISOString();
      const drifts: Drift[] = [];
      let inSync = 0;
      let loaded = 0;
      const known = records.filter((record) => catalog.skus.has(record.sku) && catalog.locations.has(record.location));
      const snapshots = authoritySnapshotEvents(connection, configuration.authority, known);
      const resolved: Array<{ sku: string; field: string }> = [];
      const openDrifts: Drift[] = [];
      for (const snapshot of snapshots) {
        if (snapshot.kind !== 'snapshot') continue;
        const position = await engine.position(snapshot.sku, snapshot.location);
        if (position === undefined) {
          // A position we have never held is being loaded, not drifting: nothing was missed, there was nothing yet.
          loaded += 1;
          continue;
        }
        const found = authorityDrift(snapshot, positionQuantities(position), now);
        if (found.length === 0) inSync += 1;
        drifts.push(...found);
        openDrifts.push(...found);
        // The snapshot heals what it covers: drift of these states recorded earlier is over once it is applied.
        for (const state of Object.keys(snapshot.quantities)) {
          if (!found.some((drift) => drift.state === state))
            resolved.push({ sku: snapshot.sku, field: `${snapshot.location} ${state}` });
        }
      }
      if (!dryRun) {
        for (const drift of openDrifts) {
          // Authority drift is recorded for the record (what was missed, and when); applying the snapshot heals it.
          const field = `${drift.target} ${drift.state}`;
          const existing = await redis.hget(keys.sku(drift.sku).drift, field);
          const since = existing === null ? drift.since : (JSON.parse(existing) as Drift).since;
          await redis.hset(keys.sku(drift.sku).drift, field, JSON.stringify({ ...drift, since }));
          await redis.zadd(keys.driftIndex, 'NX', Date.parse(since), `${drift.sku} ${field}`);
        }
      }
      let pushesScheduled = 0;
      for (const record of known) {
        const actual = record.quantities.available;
        const channel = channelOfRecord(channels, connection, record);
        if (actual === undefined || channel === undefined) continue;
        const { pushed } = await engine.status(record.sku, channel.id);
        const field = `${channel.id} available`;
        if (pushed !== undefined && pushed.quantity === actual) {
          // Our own write seen again (an echo), or simply in sync.
          inSync += 1;
          resolved.push({ sku: record.sku, field });
          continue;
        }
        const existing = await redis.hget(keys.sku(record.sku).drift, field);
        const since = existing === null ? now : (JSON.parse(existing) as Drift).since;
        const drift: Drift = {
          sku: record.sku,
          target: channel.id,
          state: 'available',
          expected: pushed?.quantity,
          actual,
          cause: pushed === undefined ? 'never-pushed' : 'changed-on-remote',
          since,
        };
        drifts.push(drift);
        if (dryRun) continue;
        const skuKeys = keys.sku(record.sku);
        await redis.hset(skuKeys.drift, field, JSON.stringify(drift));
        await redis.zadd(keys.driftIndex, 'NX', Date.parse(since), `${record.sku} ${field}`);
        await redis.hset(
          skuKeys.remote,
          channel.id,
          JSON.stringify({ quantity: actual, observedAt: record.observedAt }),
        );
        // Record what the channel really shows, so the next plan sees the difference and pushes the computed value.
        await scripts.recordPushed(
          skuKeys.pushed,
          JSON.stringify([
            {
              c: channel.id,
              v: pushed?.version ?? 0,
              j: JSON.stringify({
                quantity: actual,
                status: pushed?.status ?? 'in-stock',
                version: pushed?.version ?? 0,
                pushedAt: record.observedAt,
              }),
            },
          ]),
        );
        pushesScheduled += 1;
      }
      let snapshotsApplied = 0;
      if (!dryRun) {
        for (const { sku, field } of resolved) {
          await redis.hdel(keys.sku(sku).drift, field);
          await redis.zrem(keys.driftIndex, `${sku} ${field}`);
        }
        if (snapshots.length > 0) {
          const result = await engine.ingest(snapshots);
          snapshotsApplied = result.outcomes.filter((outcome) => outcome === 'applied').length;
        }
        const followerSkus = known
          .filter((record) => record.quantities.available !== undefined)
          .map((record) => record.sku);
        if (followerSkus.length > 0) await projectSkus(projection, new Set(followerSkus));
      }
      return { drifts, inSync, loaded, snapshotsApplied, pushesScheduled };
    },
    async placeOrder(request) {
      const order = OrderRequestSchema.parse(request);
      const key = keys.order(order.source, order.orderReference);
      const fresh = await decideOrder(redis, keys, catalog, channels, order, projection.now().toISOString());
      // The first decision wins: a redelivered order must hold the same units, not route again.
      // Kept as long as the holds' idempotency keys: after that a redelivery would hold again anyway.
      const stored = await redis.set(key, JSON.stringify(fresh), 'PX', options.idempotencyRetentionMs, 'NX');
      const decision =
        stored === 'OK' ? fresh : ((await engine.orderDecision(order.source, order.orderReference)) ?? fresh);
      const ingest = await engine.ingest(reservationEvents(decision, 'reservation-created', order.occurredAt));
      return { decision, ingest };
    },
    async releaseOrder(request) {
      const decision =
        (await engine.orderDecision(request.source, request.orderReference)) ?? (await releaseBeforePlacement(request));
      if (decision === undefined) return undefined;
      return await engine.ingest(
        heldThen(decision, 'reservation-released', request.occurredAt, {
          lineReference: request.lineReference,
          reason: request.reason,
        }),
      );
    },
    async fulfillOrder(request) {
      const decision = await engine.orderDecision(request.source, request.orderReference);
      if (decision === undefined) return undefined;
      return await engine.ingest(
        heldThen(decision, 'reservation-consumed', request.occurredAt, { lineReference: request.lineReference }),
      );
    },
    async orderDecision(source, orderReference) {
      const raw = await redis.get(keys.order(source, orderReference));
      return raw === null ? undefined : (JSON.parse(raw) as OrderDecision);
    },
    async drifts(limit = 100) {
      const members = await redis.zrange(keys.driftIndex, '0', String(Math.max(0, limit - 1)));
      const found: Drift[] = [];
      for (const member of members) {
        const space = member.indexOf(' ');
        const raw = await redis.hget(keys.sku(member.slice(0, space)).drift, member.slice(space + 1));
        if (raw !== null) found.push(JSON.parse(raw) as Drift);
      }
      return found;
    },
    async ledger(sku, limit = 20) {
      const entries = await redis.lrange(keys.sku(sku).ledger, -limit, -1);
      return entries.reverse().map((entry, index) => {
        const [at = '0', outcome = '', ...event] = entry.split('|');
        return { id: `${at}-${index}`, at: Number(at), event: JSON.parse(event.join('|')), outcome };
      });
    },
  };
  return engine;
}
