import type { ListingStatus } from '@stockwire/model';
import type { EngineContext } from './engine-context.ts';

export interface PushedRecord {
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
  readonly status: ListingStatus;
  /** The computed version that was pushed. */
  readonly version: number;
}

/** Records what was pushed, per SKU in one script (never letting an older push overwrite a newer one). */
export async function recordPushed(context: EngineContext, records: readonly PushedRecord[]): Promise<void> {
  const bySku = new Map<string, PushedRecord[]>();
  for (const record of records) bySku.set(record.sku, [...(bySku.get(record.sku) ?? []), record]);
  const now = context.now();
  const pushedAt = now.toISOString();
  await Promise.all(
    [...bySku].map(([sku, skuRecords]) =>
      context.scripts.recordPushed(
        context.keys.sku(sku).pushed,
        JSON.stringify(
          skuRecords.map(({ channel, quantity, status, version }) => ({
            c: channel,
            v: version,
            j: JSON.stringify({ quantity, status, version, pushedAt, pushedAtMs: now.getTime() }),
          })),
        ),
      ),
    ),
  );
}

/** What a channel was seen to show, so the next plan compares with it. */
export async function recordRemote(
  context: EngineContext,
  observations: ReadonlyArray<{ channel: string; sku: string; quantity: number; observedAt: string }>,
): Promise<void> {
  await Promise.all(
    observations.map(({ channel, sku, quantity, observedAt }) =>
      context.redis.hset(
        context.keys.sku(sku).remote,
        channel,
        JSON.stringify({ quantity, observedAt, observedAtMs: Date.parse(observedAt) }),
      ),
    ),
  );
}
