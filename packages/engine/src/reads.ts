import { type ListingStatus, type Position, positionQuantities, type QuantitiesByState } from '@stockwire/model';
import type { EngineContext } from './engine-context.ts';
import { readSkuState } from './read-sku-state.ts';
import type { Drift } from './reconcile.ts';

export interface ChannelSkuStatus {
  readonly computed?: { quantity: number; status: ListingStatus; version: number; computedAt: string } | undefined;
  readonly pushed?: { quantity: number; status: ListingStatus; version: number; pushedAt: string } | undefined;
  /** What the channel was last seen to show (reconciliation, a level webhook, a stale compare). */
  readonly remote?: { quantity: number; observedAt: string } | undefined;
}

export interface LedgerEntry {
  readonly id: string;
  readonly at: number;
  readonly event: Record<string, unknown>;
  readonly outcome: string;
}

/** Reads of state, projections and the ledger: none of them changes anything. */
export function createReads(context: EngineContext) {
  const { redis, keys } = context;
  return {
    async position(sku: string, location: string): Promise<Position | undefined> {
      return (await readSkuState(redis, keys, sku, [location], 'changes')).positions.get(location);
    },
    async quantities(sku: string, location: string): Promise<QuantitiesByState> {
      const found = (await readSkuState(redis, keys, sku, [location])).positions.get(location);
      return positionQuantities(found ?? { sku, location, bases: {}, pending: {}, incomingDates: {} });
    },
    async status(sku: string, channel: string): Promise<ChannelSkuStatus> {
      const skuKeys = keys.sku(sku);
      const replies = await redis
        .multi()
        .hget(skuKeys.computed, channel)
        .hget(skuKeys.pushed, channel)
        .hget(skuKeys.remote, channel)
        .exec();
      const parsed = (index: number) => {
        const raw = replies?.[index]?.[1] as string | null | undefined;
        return raw === null || raw === undefined ? undefined : JSON.parse(raw);
      };
      return { computed: parsed(0), pushed: parsed(1), remote: parsed(2) };
    },
    dirtyCount: (connection: string) => redis.zcard(keys.dirty(connection)),
    /** Open drifts, oldest first. */
    async drifts(limit = 100): Promise<Drift[]> {
      const members = await redis.zrange(keys.driftIndex, '0', String(Math.max(0, limit - 1)));
      const raws = await Promise.all(
        members.map((member) => {
          const space = member.indexOf(' ');
          return redis.hget(keys.sku(member.slice(0, space)).drift, member.slice(space + 1));
        }),
      );
      return raws.flatMap((raw) => (raw === null ? [] : [JSON.parse(raw) as Drift]));
    },
    /** The newest movements of a SKU: which system sent the last valid update, and when. */
    async ledger(sku: string, limit = 20): Promise<LedgerEntry[]> {
      const entries = await redis.lrange(keys.sku(sku).ledger, -limit, -1);
      return entries.reverse().map((entry, index) => {
        const [at = '0', outcome = '', ...event] = entry.split('|');
        return { id: `${at}-${index}`, at: Number(at), event: JSON.parse(event.join('|')), outcome };
      });
    },
  };
}
