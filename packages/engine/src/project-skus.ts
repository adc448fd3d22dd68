import {
  type Catalog,
  type Channel,
  type ChannelQuantity,
  channelListsSku,
  computeChannelQuantity,
  type DynamicBufferDemand,
  incomingSchedule,
  positionQuantities,
  type Sku,
  sellableQuantity,
} from '@stockwire/model';
import { readDemand, readsDemand } from './demand.ts';
import type { EngineScripts, RedisClient } from './engine-scripts.ts';
import { hashSlot } from './hash-slot.ts';
import type { EngineKeys } from './keys.ts';
import { readSkuState, type SkuState } from './read-sku-state.ts';

/** What the engine stores per channel and SKU as the last computed value. */
export interface ComputedChannelQuantity extends ChannelQuantity {
  /** The SKU's state version it was computed from (for a kit: the sum of its components' versions). */
  readonly version: number;
  readonly computedAt: string;
  /** Set by a projection: this value differs from what was last pushed and now waits to be pushed. */
  readonly needsPush?: boolean;
}

export interface ProjectionContext {
  readonly redis: RedisClient;
  readonly scripts: EngineScripts;
  readonly keys: EngineKeys;
  readonly catalog: Catalog;
  readonly channels: readonly Channel[];
  readonly now: () => Date;
}

/** The SKUs whose channel quantities depend on these: themselves, and every kit that uses one as a component. */
export function affectedSkus(catalog: Catalog, skus: Iterable<string>): Set<string> {
  const affected = new Set<string>();
  for (const sku of skus) {
    affected.add(sku);
    for (const kit of catalog.kitsContaining(sku)) affected.add(kit);
  }
  return affected;
}

export function locationsOfChannels(channels: readonly Channel[]): string[] {
  return [...new Set(channels.flatMap((channel) => channel.locations))];
}

/** What projecting a SKU involves: the channels that list it, their locations, the SKUs whose stock it is. */
interface SkuProjection {
  readonly definition: Sku;
  readonly channels: readonly Channel[];
  readonly locations: readonly string[];
  readonly stockSkus: readonly string[];
}

function skuProjection(context: ProjectionContext, sku: string): SkuProjection {
  const definition = context.catalog.skus.get(sku);
  if (definition === undefined) throw new Error(`unknown SKU "${sku}"`);
  const channels = context.channels.filter((channel) => channelListsSku(channel, sku));
  const stockSkus = definition.kit === undefined ? [sku] : definition.kit.components.map((component) => component.sku);
  return { definition, channels, locations: locationsOfChannels(channels), stockSkus };
}

/** The channel quantities of a SKU from its stock SKUs' states and its demand: no I/O. */
function computeFromStates(
  context: ProjectionContext,
  projection: SkuProjection,
  states: ReadonlyMap<string, SkuState>,
  demand: ReadonlyMap<string, (windowMinutes: number) => DynamicBufferDemand>,
  now: Date,
  explain: boolean,
): ComputedChannelQuantity[] {
  // Versions only grow, so their sum does too: a kit computed from newer component states always has a larger stamp.
  let version = 0;
  for (const stockSku of projection.stockSkus) version += states.get(stockSku)?.version ?? 0;
  const position = (stockSku: string, location: string) => states.get(stockSku)?.positions.get(location);
  const computedAt = now.toISOString();
  return projection.channels.map((channel) => ({
    ...computeChannelQuantity({
      channel,
      sku: projection.definition,
      locations: context.catalog.locations,
      skus: context.catalog.skus,
      sellableAt: (stockSku, location) => {
        const found = position(stockSku, location);
        return found === undefined ? 0 : sellableQuantity(positionQuantities(found));
      },
      incomingAt: (stockSku, location) => {
        const found = position(stockSku, location);
        return found === undefined ? [] : incomingSchedule(found);
      },
      now,
      allocation: context.catalog.allocation,
      demand: demand.get(channel.id),
      explain,
    }),
    version,
    computedAt,
  }));
}

const noDemand: ReadonlyMap<string, (windowMinutes: number) => DynamicBufferDemand> = new Map();

/**
 * A SKU's channel quantities without a round trip, when everything they depend on is at hand: the states the
 * apply script returned cover its stock SKUs and no dynamic buffer needs demand read. Undefined otherwise.
 */
function computeKnownSku(
  context: ProjectionContext,
  projection: SkuProjection,
  known: ReadonlyMap<string, SkuState>,
  sku: string,
  now: Date,
): ComputedChannelQuantity[] | undefined {
  if (!projection.stockSkus.every((stockSku) => known.has(stockSku))) return undefined;
  if (readsDemand(projection.channels, sku)) return undefined;
  // Only the numbers are stored (the trace is recomputed by `compute` when asked for).
  return computeFromStates(context, projection, known, noDemand, now, false);
}

/**
 * Computes a SKU's quantity on every channel that lists it, from one consistent read per SKU involved. `explain:
 * false` leaves each rule trace (`steps`) empty, for callers that keep only the numbers.
 */
export async function computeSku(
  context: ProjectionContext,
  sku: string,
  known: ReadonlyMap<string, SkuState> = new Map(),
  options: { readonly explain: boolean } = { explain: true },
): Promise<ComputedChannelQuantity[]> {
  const projection = skuProjection(context, sku);
  if (projection.channels.length === 0) return [];
  const states = new Map<string, SkuState>();
  await Promise.all(
    projection.stockSkus.map(async (stockSku) => {
      // A state the apply script returned is as consistent as a fresh read, and covers every channel location.
      states.set(
        stockSku,
        known.get(stockSku) ?? (await readSkuState(context.redis, context.keys, stockSku, projection.locations)),
      );
    }),
  );
  const demand = await readDemand(context, sku, projection.channels);
  return computeFromStates(context, projection, states, demand, context.now(), options.explain);
}

/**
 * SKUs projected in one script call at most: a call stays short (it holds Redis while it runs), and a batch of 500
 * events, which touches about as many SKUs, is still one call.
 */
export const skusPerProjectionCall = 500;

interface ProjectionPart {
  readonly sku: string;
  readonly keys: readonly [computed: string, pushed: string];
  readonly computed: readonly ComputedChannelQuantity[];
}

/** On a single Redis any SKUs share a call; on Redis Cluster only those whose keys are in one slot. */
function projectionCalls(context: ProjectionContext, parts: readonly ProjectionPart[]): ProjectionPart[][] {
  const bySlot = new Map<number, ProjectionPart[][]>();
  for (const part of parts) {
    const slot = context.scripts.cluster ? hashSlot(part.keys[0]) : 0;
    const calls = bySlot.get(slot) ?? [];
    bySlot.set(slot, calls);
    const last = calls.at(-1);
    if (last !== undefined && last.length < skusPerProjectionCall) last.push(part);
    else calls.push([part]);
  }
  return [...bySlot.values()].flat();
}

async function storeAndCompare(
  context: ProjectionContext,
  call: readonly ProjectionPart[],
): Promise<Array<{ part: ProjectionPart; needPush: readonly string[] }>> {
  const entries = call.map((part) =>
    part.computed.map((entry) => ({
      channel: entry.channel,
      version: entry.version,
      quantity: entry.quantity,
      status: entry.status,
      stored: JSON.stringify({
        quantity: entry.quantity,
        status: entry.status,
        version: entry.version,
        computedAt: entry.computedAt,
        // The rule trace is recomputed on demand (engine.compute): storing it per write multiplied the bytes sent.
      }),
    })),
  );
  const reply = await context.scripts.project(
    call.flatMap((part) => part.keys),
    entries,
  );
  return call.map((part, index) => ({ part, needPush: reply[index] ?? [] }));
}

/**
 * Recomputes the SKUs, stores each result unless a newer one is already stored, and marks dirty every channel SKU
 * whose computed value differs from what was last pushed. Safe to repeat: a retried batch re-marks what still
 * needs a push and nothing else. Round trips per batch: the reads of SKUs the caller has no state for, one
 * projection call (per slot on a cluster, per `skusPerProjectionCall` SKUs) and one dirty-marking call per
 * connection, however many SKUs.
 */
export async function projectSkus(
  context: ProjectionContext,
  skus: Iterable<string>,
  known: ReadonlyMap<string, SkuState> = new Map(),
): Promise<ComputedChannelQuantity[]> {
  const channelById = new Map(context.channels.map((channel) => [channel.id, channel]));
  const parts: ProjectionPart[] = [];
  const addPart = (sku: string, computed: ComputedChannelQuantity[]) => {
    if (computed.length === 0) return;
    const skuKeys = context.keys.sku(sku);
    parts.push({ sku, keys: [skuKeys.computed, skuKeys.pushed], computed });
  };
  // Most SKUs of a batch come with the states the apply returned: computed at once, one clock reading for all,
  // without a promise per SKU; the others read what they need.
  const now = context.now();
  const reads: Array<Promise<void>> = [];
  for (const sku of skus) {
    const projection = skuProjection(context, sku);
    if (projection.channels.length === 0) continue;
    const computed = computeKnownSku(context, projection, known, sku, now);
    if (computed !== undefined) addPart(sku, computed);
    else reads.push(computeSku(context, sku, known, { explain: false }).then((read) => addPart(sku, read)));
  }
  await Promise.all(reads);
  const projected = (
    await Promise.all(projectionCalls(context, parts).map((call) => storeAndCompare(context, call)))
  ).flat();
  const results: ComputedChannelQuantity[] = [];
  const dirtyByConnection = new Map<string, string[]>();
  for (const { part, needPush } of projected) {
    const marked = new Set<string>();
    for (const channelId of needPush) {
      const channel = channelById.get(channelId);
      // A channel that publishes its own numbers (publish: false) is computed for reports, never pushed.
      if (channel === undefined || !channel.publish) continue;
      marked.add(channelId);
      const connection = channel.connection;
      // Appended in place: copying the list per member made a batch's dirty marking quadratic in its size.
      const members = dirtyByConnection.get(connection);
      if (members === undefined) dirtyByConnection.set(connection, [dirtyMember(channelId, part.sku)]);
      else members.push(dirtyMember(channelId, part.sku));
    }
    for (const entry of part.computed) results.push({ ...entry, needsPush: marked.has(entry.channel) });
  }
  await Promise.all(
    [...dirtyByConnection].map(([connection, members]) => {
      const dirtyKey = context.keys.dirty(connection);
      return context.scripts.markDirty(dirtyKey, `${dirtyKey}:sequence`, members);
    }),
  );
  return results;
}

/** Channel and SKU ids cannot contain spaces (see the model's identifiers), so a space separates them. */
export function dirtyMember(channel: string, sku: string): string {
  return `${channel} ${sku}`;
}

export function parseDirtyMember(member: string): { channel: string; sku: string } {
  const space = member.indexOf(' ');
  return { channel: member.slice(0, space), sku: member.slice(space + 1) };
}
