import {
  buildCatalog,
  type Channel,
  type ListingStatus,
  type Position,
  positionQuantities,
  type QuantitiesByState,
  type StockwireConfiguration,
} from '@stockwire/model';
import { type ApplyBatchResult, applyBatch } from './apply-batch.ts';
import { type EngineOptions, EngineOptionsSchema } from './engine-options.ts';
import { defineEngineScripts, type RedisClient } from './engine-scripts.ts';
import { createEngineKeys } from './keys.ts';
import { type PushPlan, planPushFor } from './plan-push.ts';
import {
  affectedSkus,
  type ComputedChannelQuantity,
  computeSku,
  dirtyMember,
  type ProjectionContext,
  parseDirtyMember,
  projectSkus,
} from './project-skus.ts';
import { readSkuState } from './read-sku-state.ts';

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
  /**
   * What to push for dirty entries: each value recomputed from current state now (never a stale one), and the
   * entries whose current value was already pushed, to acknowledge without a call.
   */
  planPush(entries: ReadonlyArray<{ channel: string; sku: string }>): Promise<PushPlan>;
  status(sku: string, channel: string): Promise<ChannelSkuStatus>;
  /** The newest movements of a SKU: which system sent the last valid update, and when. */
  ledger(sku: string, limit?: number): Promise<Array<{ id: string; event: Record<string, unknown>; outcome: string }>>;
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
  const scripts = defineEngineScripts(redis);
  const projection: ProjectionContext = {
    redis,
    scripts,
    keys,
    catalog,
    channels,
    now: input.now ?? (() => new Date()),
  };

  return {
    async ingest(events) {
      const applied = await applyBatch(scripts, keys, options, catalog, configuration.authority, events);
      // Touched, not only changed: when a crash interrupted an earlier delivery after the apply, the redelivery is
      // all duplicates, and must still bring the projection and the dirty marks up to date.
      const computed = await projectSkus(projection, affectedSkus(catalog, applied.touchedSkus));
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
      await Promise.all(
        skus.map(async (sku) => {
          computedBySku.set(sku, catalog.skus.has(sku) ? await computeSku(projection, sku) : []);
          pushedBySku.set(sku, await redis.hgetall(keys.sku(sku).pushed));
        }),
      );
      return planPushFor(channelById, entries, computedBySku, (sku, channel) => {
        const raw = pushedBySku.get(sku)?.[channel];
        return raw === undefined ? undefined : JSON.parse(raw);
      });
    },
    async status(sku, channel) {
      const skuKeys = keys.sku(sku);
      const [computed, pushed] = await Promise.all([
        redis.hget(skuKeys.computed, channel),
        redis.hget(skuKeys.pushed, channel),
      ]);
      return {
        computed: computed === null ? undefined : JSON.parse(computed),
        pushed: pushed === null ? undefined : JSON.parse(pushed),
      };
    },
    async ledger(sku, limit = 20) {
      const entries = await redis.xrevrange(keys.sku(sku).ledger, '+', '-', 'COUNT', limit);
      return entries.map(([id, fields]) => {
        const map = new Map<string, string>();
        for (let index = 0; index < fields.length; index += 2) map.set(fields[index] ?? '', fields[index + 1] ?? '');
        return { id, event: JSON.parse(map.get('event') ?? '{}'), outcome: map.get('outcome') ?? '' };
      });
    },
  };
}
