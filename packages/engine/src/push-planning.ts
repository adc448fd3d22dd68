import type { EngineContext } from './engine-context.ts';
import { type PushPlan, planPushFor, pushIdempotencyKey, type StoredPush, type StoredRemote } from './plan-push.ts';
import { type ComputedChannelQuantity, computeSku, dirtyMember, parseDirtyMember } from './project-skus.ts';
import type { SkuState } from './read-sku-state.ts';

export interface DirtyEntry {
  readonly channel: string;
  readonly sku: string;
  /** The marking this entry was taken at; acknowledging removes it only if it was not marked again since. */
  readonly score: number;
}

/**
 * A connection's held dirty entries: member → when it may be planned again (epoch ms). A push whose answer for an
 * item was a retryable failure with `retryAfterMs` (an Amazon SKU waiting on its in-flight feed) holds it until
 * then, so flushes offered meanwhile by other changes do not plan it again before the connector asked. Same hash
 * tag as the dirty set, so one transaction reads both.
 */
export const heldKey = (context: EngineContext, connection: string) => `${context.keys.dirty(connection)}:held`;

/**
 * The oldest dirty channel SKUs of a connection that no answer holds (see `heldKey`), without removing them; whether
 * more are waiting beyond them; and, when some are held, when the first hold ends. One script call: held members
 * are skipped in Redis (take-dirty-script.ts), so a plan's cost does not grow with what is held.
 */
export async function takeDirty(
  context: EngineContext,
  connection: string,
  limit: number,
): Promise<{ entries: DirtyEntry[]; moreWaiting: boolean; heldUntilMs?: number }> {
  const [flat, more, firstHoldEnd] = await context.scripts.takeDirty(
    context.keys.dirty(connection),
    heldKey(context, connection),
    context.now().getTime(),
    Math.max(0, limit),
  );
  const entries: DirtyEntry[] = [];
  for (let index = 0; index < flat.length; index += 2) {
    entries.push({ ...parseDirtyMember(flat[index] ?? ''), score: Number(flat[index + 1]) });
  }
  const moreWaiting = more === 1;
  return firstHoldEnd === '' ? { entries, moreWaiting } : { entries, moreWaiting, heldUntilMs: Number(firstHoldEnd) };
}

export async function acknowledgeDirty(
  context: EngineContext,
  connection: string,
  entries: ReadonlyArray<{ channel: string; sku: string; score?: number | undefined }>,
): Promise<{ removed: number; remaining: number }> {
  const pairs = entries.flatMap((entry) =>
    entry.score === undefined ? [] : [dirtyMember(entry.channel, entry.sku), entry.score],
  );
  const [removed, remaining] = await context.scripts.settleDirty(context.keys.dirty(connection), pairs);
  return { removed, remaining };
}

const parsedField =
  <T>(bySku: ReadonlyMap<string, Record<string, string>>) =>
  (sku: string, channel: string): T | undefined => {
    const raw = bySku.get(sku)?.[channel];
    return raw === undefined ? undefined : (JSON.parse(raw) as T);
  };

/** Plans entries from current state: each value recomputed now, with what was pushed and seen, read per SKU. */
export async function planEntries(
  context: EngineContext,
  connection: string,
  entries: ReadonlyArray<{ channel: string; sku: string; score?: number }>,
): Promise<Omit<PushPlan, 'moreWaiting'>> {
  const plannedAt = context.now().toISOString();
  const skus = [...new Set(entries.map((entry) => entry.sku))];
  const computedBySku = new Map<string, ComputedChannelQuantity[]>();
  const pushedBySku = new Map<string, Record<string, string>>();
  const remoteBySku = new Map<string, Record<string, string>>();
  await Promise.all(
    skus.map(async (sku) => {
      const skuKeys = context.keys.sku(sku);
      const definition = context.catalog.skus.get(sku);
      // A plain SKU's version comes in the same read as what was pushed and seen: when this engine's last apply
      // returned the state at that very version, the positions need no second read (a kit's stock is other SKUs').
      const plain = definition !== undefined && definition.kit === undefined;
      const transaction = context.redis.multi();
      if (plain) transaction.get(skuKeys.version);
      const replies = (await transaction.hgetall(skuKeys.pushed).hgetall(skuKeys.remote).exec()) ?? [];
      const failure = replies.find(([error]) => error !== null);
      if (failure?.[0]) throw failure[0];
      const [pushed, remote] = replies.slice(plain ? 1 : 0).map(([, value]) => (value ?? {}) as Record<string, string>);
      const cached = plain ? context.stateCache.at(sku, Number(replies[0]?.[1] ?? 0)) : undefined;
      const known: ReadonlyMap<string, SkuState> = cached === undefined ? new Map() : new Map([[sku, cached]]);
      computedBySku.set(sku, definition === undefined ? [] : await computeSku(context, sku, known, { explain: false }));
      pushedBySku.set(sku, pushed ?? {});
      remoteBySku.set(sku, remote ?? {});
    }),
  );
  const { push, alreadyPushed } = planPushFor(
    context.channelById,
    entries,
    computedBySku,
    parsedField<StoredPush>(pushedBySku),
    parsedField<StoredRemote>(remoteBySku),
  );
  const idempotencyKey = pushIdempotencyKey(connection, push);
  return { connection, items: push, alreadyPushed, idempotencyKey, plannedAt };
}

/**
 * Takes up to `limit` dirty entries of a connection, recomputes each from current state, acknowledges those whose
 * value was already pushed, and returns the items ready for the connector. `dryRun` (shadow mode: the plan is
 * reported, never pushed) acknowledges every entry it took and records no push: nothing will ever be written for
 * them, and entries left dirty would be planned again and again, hiding the newer ones behind them.
 */
export async function planPush(
  context: EngineContext,
  connection: string,
  limit: number,
  options: { dryRun?: boolean | undefined } = {},
): Promise<PushPlan> {
  const { entries, moreWaiting, heldUntilMs } = await takeDirty(context, connection, limit);
  const plan = await planEntries(context, connection, entries);
  if (options.dryRun === true) {
    await acknowledgeDirty(context, connection, entries);
  } else if (plan.alreadyPushed.length > 0) {
    const scoreOf = new Map(entries.map((entry) => [dirtyMember(entry.channel, entry.sku), entry.score]));
    await acknowledgeDirty(
      context,
      connection,
      plan.alreadyPushed.map((entry) => ({ ...entry, score: scoreOf.get(dirtyMember(entry.channel, entry.sku)) })),
    );
  }
  return { ...plan, moreWaiting, ...(heldUntilMs === undefined ? {} : { heldUntilMs }) };
}
