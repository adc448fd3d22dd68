import type { ListingStatus } from '@stockwire/model';
import type { Cluster, Redis } from 'ioredis';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import type { RunnerKeys } from '../jobs/runner-keys.ts';

/** What a shadow-mode flush would have pushed for one channel SKU, and how that compares with the channel. */
export interface ShadowEntry {
  readonly connection: string;
  readonly channel: string;
  readonly sku: string;
  /** The value a live runner would push now (in the channel connection's units). */
  readonly wouldPush: { readonly quantity: number; readonly status: ListingStatus; readonly version: number };
  /**
   * What the channel is known to show: seen by a reconciliation or a compare-and-set answer, else what a live
   * runner last pushed; absent when nothing is known yet (run `stockwire reconcile` on the channel's connection).
   */
  readonly channelShows: number | undefined;
  /** `wouldPush.quantity − channelShows`; absent when the channel's number is unknown. */
  readonly difference: number | undefined;
  readonly plannedAt: string;
}

export type ShadowComparison = 'differs' | 'matches' | 'unknown';

export function comparisonOf(entry: ShadowEntry): ShadowComparison {
  if (entry.difference === undefined) return 'unknown';
  return entry.difference === 0 ? 'matches' : 'differs';
}

const member = (entry: { channel: string; sku: string }) => `${entry.channel} ${entry.sku}`;

/** Keeps the latest would-be push per channel SKU (a newer plan replaces an older one) and counts it. */
export async function recordShadowEntries(context: PipelineContext, entries: readonly ShadowEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const connection = entries[0]?.connection ?? '';
  await context.redis.hset(
    context.keys.shadowReport(connection),
    Object.fromEntries(entries.map((entry) => [member(entry), JSON.stringify(entry)])),
  );
  for (const entry of entries) context.metrics.shadowItems.inc({ connection, comparison: comparisonOf(entry) });
}

/** The shadow report of the given connections, by connection, channel and SKU. */
export async function readShadowReport(
  redis: Redis | Cluster,
  keys: RunnerKeys,
  connections: readonly string[],
): Promise<ShadowEntry[]> {
  const entries: ShadowEntry[] = [];
  for (const connection of connections) {
    const stored = await redis.hgetall(keys.shadowReport(connection));
    entries.push(...Object.values(stored).map((value) => JSON.parse(value) as ShadowEntry));
  }
  return entries.sort(
    (left, right) =>
      left.connection.localeCompare(right.connection) ||
      left.channel.localeCompare(right.channel) ||
      left.sku.localeCompare(right.sku),
  );
}
