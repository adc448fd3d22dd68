import { channelListsSku } from '@stockwire/model';
import { type ApplyBatchResult, applyBatch } from './apply-batch.ts';
import { recordSales } from './demand.ts';
import type { EngineContext } from './engine-context.ts';
import type { EventRejection } from './event-rejection.ts';
import { affectedSkus, type ComputedChannelQuantity, projectSkus } from './project-skus.ts';
import { type Sale, salesOfEvents } from './sales.ts';

/** Why an input of a batch was not applied, with who sent it and whether sending it again could help. */
export type IngestRejection = EventRejection & {
  readonly kind: 'event' | 'order' | 'record';
  /** The connection the input names as its source, else the one that delivered it. */
  readonly source: string;
  /** Always false today: every rejection is about the input itself, which a retry would not change. */
  readonly retryable: boolean;
};

export interface AppliedEvents extends Omit<ApplyBatchResult, 'rejections'> {
  readonly rejections: readonly IngestRejection[];
  readonly computed: readonly ComputedChannelQuantity[];
  readonly sales: readonly Sale[];
  /**
   * Wall time of the two stages, for the runner's stage histogram: `apply` (validation, authority, the atomic
   * apply, the sales it records) and `projection` (recomputing the channel quantities, storing them, dirty marks).
   */
  readonly stageSeconds: { readonly apply: number; readonly projection: number };
}

export function sourceOf(input: unknown, fallback: string): string {
  const source = (input as { source?: unknown } | null)?.source;
  return typeof source === 'string' && source.length > 0 ? source : fallback;
}

export function asIngestRejection(
  rejection: EventRejection,
  kind: IngestRejection['kind'],
  deliveredBy: string,
): IngestRejection {
  return { ...rejection, kind, source: sourceOf(rejection.input, deliveredBy), retryable: false };
}

/**
 * A marketplace or store lowers its own number when it sells (Amazon's listing quantity, Shopify's available):
 * after a sale on a channel, what we pushed there is no longer what it shows. Forgetting our record of the push
 * and of the last value seen makes the projection push the recomputed value again, even when the sale left the
 * computed quantity unchanged (a percentage rounding, a buffer) — otherwise the channel would stay one sale low.
 */
async function forgetWhatSalesChanged(context: EngineContext, sales: readonly Sale[]): Promise<void> {
  const forgets: Array<Promise<unknown>> = [];
  for (const sale of sales) {
    const sold = context.channels.filter(
      (channel) => channel.connection === sale.connection && channel.publish && channelListsSku(channel, sale.sku),
    );
    if (sold.length === 0) continue;
    const fields = sold.map((channel) => channel.id);
    const skuKeys = context.keys.sku(sale.sku);
    forgets.push(context.redis.hdel(skuKeys.pushed, ...fields), context.redis.hdel(skuKeys.remote, ...fields));
  }
  await Promise.all(forgets);
}

/** Validates, checks authority, applies atomically per SKU, recomputes the affected channel quantities, marks dirty. */
export async function ingestEvents(
  context: EngineContext,
  events: readonly unknown[],
  deliveredBy = '',
): Promise<AppliedEvents> {
  const startedAt = performance.now();
  const applied = await applyBatch(
    context.scripts,
    context.keys,
    context.options,
    context.catalog,
    context.configuration.authority,
    events,
    context.channelLocations,
  );
  // Each state is at the version the script stamped it with, with every channel location: what a plan would read.
  for (const state of applied.states.values()) context.stateCache.remember(state);
  const sales = salesOfEvents(context.channels, events, applied.outcomes);
  // Recorded before the projection below, so the value it computes already holds back for this sale's velocity.
  await Promise.all([forgetWhatSalesChanged(context, sales), recordSales(context, sales)]);
  const appliedAt = performance.now();
  // Touched, not only changed: when a crash interrupted an earlier delivery after the apply, the redelivery is
  // all duplicates, and must still bring the projection and the dirty marks up to date.
  const computed = await projectSkus(context, affectedSkus(context.catalog, applied.touchedSkus), applied.states);
  const rejections = applied.rejections.map((rejection) => asIngestRejection(rejection, 'event', deliveredBy));
  const stageSeconds = { apply: (appliedAt - startedAt) / 1_000, projection: (performance.now() - appliedAt) / 1_000 };
  return { ...applied, rejections, computed, sales, stageSeconds };
}
