import type { EngineContext } from './engine-context.ts';
import { hashSlot } from './hash-slot.ts';
import type { PlannedPush, PushPlan } from './plan-push.ts';
import { dirtyMember } from './project-skus.ts';
import { acknowledgeDirty, heldKey } from './push-planning.ts';

/**
 * What the connector answered for one item (the shape of the spec's `PushItemResultV2`, structurally: the engine
 * depends on no connector package). Quantities are in the connection's units.
 */
export type PushItemOutcome =
  | { readonly key: string; readonly outcome: 'written' | 'unchanged'; readonly remoteQuantity?: number | undefined }
  | { readonly key: string; readonly outcome: 'stale'; readonly remoteQuantity?: number | undefined }
  | {
      readonly key: string;
      readonly outcome: 'failed';
      readonly error: { readonly name: string; readonly message: string; readonly retryable: boolean } & {
        readonly code?: string | undefined;
        /** A retryable failure's "not before": the item is held that long (see `settlePush`). */
        readonly retryAfterMs?: number | undefined;
      };
    };

export interface PushSettlement {
  readonly written: number;
  readonly unchanged: number;
  /** Refused by compare-and-set: what the remote said it shows is the next expectation; still dirty. */
  readonly stale: number;
  /** Retryable failures and items the connector did not answer for: still dirty, for a later flush. */
  readonly deferred: number;
  /** Failed for good (not retryable): acknowledged, for the caller to dead-letter with the error. */
  readonly refused: ReadonlyArray<{
    readonly item: PlannedPush;
    readonly error: Extract<PushItemOutcome, { outcome: 'failed' }>['error'];
  }>;
  /** Items now on the remote (written or unchanged). */
  readonly settled: readonly PlannedPush[];
  /** Something of this connection is still dirty (deferred here, or marked meanwhile). */
  readonly moreWaiting: boolean;
  /** Of `deferred`, items whose failure asked to wait `retryAfterMs`: held from planning until then. */
  readonly held: number;
  /** When the first of the holds made here ends (epoch ms), to offer a flush then. Absent when none were made. */
  readonly heldUntilMs?: number | undefined;
}

interface SlotEntry {
  readonly key: string;
  readonly c: string;
  readonly v?: number;
  readonly at: number;
  readonly j: string;
}

/**
 * Entries one settle script call takes at most: a call holds Redis while it runs, and a Shopify batch (250) or a
 * flush's part is one call. Settling a plan of 3,573 items took 2.2 s as one call per SKU (every SKU its own slot) at
 * 2,000 events/s, while the next flush waited (#14).
 */
export const entriesPerSettleCall = 500;

/**
 * One script call per `entriesPerSettleCall` entries (on Redis Cluster, per hash slot too); the calls go out
 * together, not one awaited after another.
 */
async function writeSlots(context: EngineContext, entries: readonly SlotEntry[]): Promise<void> {
  const calls = new Map<number, SlotEntry[][]>();
  for (const entry of entries) {
    const slot = context.scripts.cluster ? hashSlot(entry.key) : 0;
    const slotCalls = calls.get(slot) ?? [];
    calls.set(slot, slotCalls);
    const last = slotCalls.at(-1);
    if (last !== undefined && last.length < entriesPerSettleCall) last.push(entry);
    else slotCalls.push([entry]);
  }
  await Promise.all(
    [...calls.values()].flat().map((callEntries) => {
      const keyIndex = new Map<string, number>();
      for (const { key } of callEntries) if (!keyIndex.has(key)) keyIndex.set(key, keyIndex.size + 1);
      const payload = callEntries.map(({ key, ...entry }) => ({ ...entry, k: keyIndex.get(key) }));
      return context.scripts.settleSlot([...keyIndex.keys()], JSON.stringify(payload));
    }),
  );
}

/**
 * When the push's requests went out, at the latest: when it was planned (a plan without that time: now). A report
 * stamped at or after it may show the push — its echo, stamped by the vendor before we settle — so it is compared,
 * not taken for stale (which left the drift a heal closed open for good, the echo never counting).
 */
function sentAt(plan: PushPlan, nowMs: number): number {
  const planned = plan.plannedAt === undefined ? Number.NaN : Date.parse(plan.plannedAt);
  return Number.isNaN(planned) ? nowMs : Math.min(planned, nowMs);
}

/**
 * Settles a push: written/unchanged become the record of the push and are acknowledged; a stale answer records
 * what the remote shows (the next compare-and-set expectation) and stays dirty; a failure that is not retryable
 * is acknowledged and returned as `refused`; retryable failures and unanswered items stay dirty. The SKUs' state
 * is written first (one script per hash slot), then the dirty set (its own slot, one script): a crash between
 * them leaves entries dirty whose value was pushed, which the next plan acknowledges without a call.
 */
export async function settlePush(
  context: EngineContext,
  connection: string,
  plan: PushPlan,
  results: readonly PushItemOutcome[],
): Promise<PushSettlement> {
  const plannedOf = new Map(plan.items.map((item) => [item.key, item]));
  const now = context.now();
  const at = now.getTime();
  const sentAtMs = sentAt(plan, at);
  const entries: SlotEntry[] = [];
  const settled: PlannedPush[] = [];
  const refused: Array<PushSettlement['refused'][number]> = [];
  const counts = { written: 0, unchanged: 0, stale: 0 };
  const answered = new Set<string>();
  // Score, member pairs for ZADD.
  const holds: Array<string | number> = [];
  for (const result of results) {
    const item = plannedOf.get(result.key);
    if (item === undefined || answered.has(result.key)) continue;
    answered.add(result.key);
    const skuKeys = context.keys.sku(item.sku);
    if (result.outcome === 'written' || result.outcome === 'unchanged') {
      counts[result.outcome] += 1;
      settled.push(item);
      const pushed = { quantity: item.quantity, status: item.status, version: item.version };
      const j = JSON.stringify({ ...pushed, pushedAt: now.toISOString(), pushedAtMs: at, sentAtMs });
      entries.push({ key: skuKeys.pushed, c: item.channel, v: item.version, at, j });
    } else if (result.outcome === 'stale') {
      counts.stale += 1;
      if (result.remoteQuantity !== undefined) {
        const j = JSON.stringify({ quantity: result.remoteQuantity, observedAt: now.toISOString(), observedAtMs: at });
        entries.push({ key: skuKeys.remote, c: item.channel, at, j });
      }
    } else if (result.outcome === 'failed' && !result.error.retryable) {
      refused.push({ item, error: result.error });
    } else if (result.outcome === 'failed' && holdsItem(result.error)) {
      holds.push(at + (result.error.retryAfterMs ?? 0), dirtyMember(item.channel, item.sku));
    }
  }
  await writeSlots(context, entries);
  const done = [...settled, ...refused.map(({ item }) => item)];
  // Independent writes: a crash between them leaves a hold that ends by itself, or a settled item acknowledged.
  const [, { remaining }] = await Promise.all([
    writeHolds(context, connection, holds, done),
    acknowledgeDirty(context, connection, done),
  ]);
  const deferred = plan.items.length - settled.length - refused.length - counts.stale;
  const held = holds.length / 2;
  const heldUntilMs = held === 0 ? undefined : Math.min(...holds.filter((_, index) => index % 2 === 0).map(Number));
  return {
    ...counts,
    deferred,
    refused,
    settled,
    moreWaiting: remaining > 0,
    held,
    ...(heldUntilMs === undefined ? {} : { heldUntilMs }),
  };
}

/**
 * Whether a retryable failure holds its item out of planning until its `retryAfterMs`: when the wait is the
 * item's own (Amazon: a SKU in a feed it has not processed). A rate-limit refusal's wait is the connection's, not
 * the item's: the runner's limiter and the job's delay already pace the connection, and holding each refused item
 * as well left `pnpm demo`'s Amazon patches (refused a few hundred ms at a time by the shared limiter) unpushed for
 * the whole 30 s catch-up (#14). Such items stay dirty and are planned again with the next flush, as before.
 */
function holdsItem(error: { readonly code?: string | undefined; readonly retryAfterMs?: number | undefined }) {
  return error.code !== 'rate_limited' && (error.retryAfterMs ?? 0) > 0;
}

/**
 * Holds items whose answer said when to try again (score: until when), so planning skips them until then (a
 * connector that asks to wait, as Amazon does for a SKU in an unprocessed feed, would only be asked again and
 * answer the same, and the held items would fill the batch); lifts the holds of items now settled or refused.
 */
async function writeHolds(
  context: EngineContext,
  connection: string,
  holds: ReadonlyArray<string | number>,
  done: ReadonlyArray<{ channel: string; sku: string }>,
): Promise<void> {
  if (holds.length === 0 && done.length === 0) return;
  const key = heldKey(context, connection);
  const transaction = context.redis.multi();
  if (done.length > 0) transaction.zrem(key, ...done.map((item) => dirtyMember(item.channel, item.sku)));
  if (holds.length > 0) transaction.zadd(key, ...holds);
  await transaction.exec();
}
