import type { Position } from '@stockwire/model';
import type { RedisClient } from './engine-scripts.ts';
import type { EngineKeys, SkuKeys } from './keys.ts';
import { holdsPosition, positionFromHash, positionsFromState } from './stored-position.ts';

export interface SkuState {
  readonly sku: string;
  readonly version: number;
  readonly positions: ReadonlyMap<string, Position>;
}

type Replies = Array<[error: Error | null, result: unknown]>;

function checked(replies: Replies | null): Replies {
  const failure = (replies ?? []).find(([error]) => error !== null);
  if (failure?.[0]) throw failure[0];
  return replies ?? [];
}

function pendingOf(replies: Replies, first: number, locations: readonly string[]) {
  return new Map(
    locations.map((location, index) => [location, (replies[first + index]?.[1] ?? {}) as Record<string, string>]),
  );
}

/**
 * Reads a SKU's version and its positions at the given locations in one transaction, so the version stamps
 * exactly the positions it was read with (all keys share the SKU's slot, which Redis Cluster requires). By default
 * each counter's pending changes come summed (constant work per position, for projection and routing).
 */
export async function readSkuState(
  redis: RedisClient,
  keys: EngineKeys,
  sku: string,
  locations: readonly string[],
  /** `changes`: each pending relative change one by one (an inspection; costs as many as there are). */
  pending: 'sums' | 'changes' = 'sums',
): Promise<SkuState> {
  const skuKeys = keys.sku(sku);
  const transaction = redis.multi().hgetall(skuKeys.state);
  if (pending === 'changes') for (const location of locations) transaction.hgetall(skuKeys.pending(location));
  const replies = checked(await transaction.exec());
  const state = (replies[0]?.[1] ?? {}) as Record<string, string>;
  if (state.format === undefined) return readUnmovedSkuState(redis, skuKeys, sku, locations, pending);
  const changes = pending === 'changes' ? pendingOf(replies, 1, locations) : undefined;
  return { sku, version: Number(state.version ?? 0), positions: positionsFromState(sku, state, locations, changes) };
}

/**
 * A SKU not yet moved to the state hash (new, or stored by the earlier layout: see `keys.ts`), read as that layout
 * keeps it; read again with its state hash in the same transaction, since an apply may have moved it meanwhile.
 */
async function readUnmovedSkuState(
  redis: RedisClient,
  skuKeys: SkuKeys,
  sku: string,
  locations: readonly string[],
  pending: 'sums' | 'changes',
): Promise<SkuState> {
  const transaction = redis.multi().hgetall(skuKeys.state).get(skuKeys.earlierVersion);
  for (const location of locations) transaction.hgetall(skuKeys.earlierPosition(location));
  if (pending === 'changes') for (const location of locations) transaction.hgetall(skuKeys.pending(location));
  const replies = checked(await transaction.exec());
  const state = (replies[0]?.[1] ?? {}) as Record<string, string>;
  const changes = pending === 'changes' ? pendingOf(replies, 2 + locations.length, locations) : undefined;
  if (state.format !== undefined) {
    return { sku, version: Number(state.version ?? 0), positions: positionsFromState(sku, state, locations, changes) };
  }
  const positions = new Map<string, Position>();
  locations.forEach((location, index) => {
    const fields = (replies[index + 2]?.[1] ?? {}) as Record<string, string>;
    if (holdsPosition(fields)) positions.set(location, positionFromHash(sku, location, fields, changes?.get(location)));
  });
  return { sku, version: Number(replies[1]?.[1] ?? 0), positions };
}
