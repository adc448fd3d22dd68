import type { Position } from '@stockwire/model';
import type { RedisClient } from './engine-scripts.ts';
import type { EngineKeys } from './keys.ts';
import { holdsPosition, positionFromHash } from './stored-position.ts';

export interface SkuState {
  readonly sku: string;
  readonly version: number;
  readonly positions: ReadonlyMap<string, Position>;
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
  const transaction = redis.multi().get(skuKeys.version);
  for (const location of locations) transaction.hgetall(skuKeys.position(location));
  if (pending === 'changes') for (const location of locations) transaction.hgetall(skuKeys.pending(location));
  const replies = (await transaction.exec()) ?? [];
  const failure = replies.find(([error]) => error !== null);
  if (failure?.[0]) throw failure[0];
  const version = Number(replies[0]?.[1] ?? 0);
  const positions = new Map<string, Position>();
  locations.forEach((location, index) => {
    const fields = (replies[index + 1]?.[1] ?? {}) as Record<string, string>;
    const changes =
      pending === 'changes'
        ? ((replies[locations.length + index + 1]?.[1] ?? {}) as Record<string, string>)
        : undefined;
    if (holdsPosition(fields)) positions.set(location, positionFromHash(sku, location, fields, changes));
  });
  return { sku, version, positions };
}
