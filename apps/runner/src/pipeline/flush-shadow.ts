import type { PushPlan } from '@stockwire/engine';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { clearPendingSince } from './pending-since.ts';
import { recordShadowEntries, type ShadowEntry } from './shadow-report.ts';

/**
 * The shadow-mode end of a flush: the engine's dry-run plan (which acknowledged the entries it took: nothing will
 * ever be written for them) is kept as a report instead of being pushed. Values already in sync are reported too,
 * with no difference, so the report covers every channel SKU that moved.
 */
export async function reportShadowPlan(context: PipelineContext, connection: string, plan: PushPlan): Promise<void> {
  const plannedAt = new Date(context.now()).toISOString();
  const report: ShadowEntry[] = plan.items.map((planned) => ({
    connection,
    channel: planned.channel,
    sku: planned.sku,
    wouldPush: { quantity: planned.quantity, status: planned.status, version: planned.version },
    channelShows: planned.expectedRemote,
    difference: planned.expectedRemote === undefined ? undefined : planned.quantity - planned.expectedRemote,
    plannedAt,
  }));
  for (const { channel, sku } of plan.alreadyPushed) {
    const { computed, pushed } = await context.engine.status(sku, channel);
    // A channel or SKU no longer in the configuration has nothing to report.
    if (computed === undefined || pushed === undefined) continue;
    report.push({
      connection,
      channel,
      sku,
      wouldPush: { quantity: computed.quantity, status: computed.status, version: computed.version },
      channelShows: pushed.quantity,
      difference: computed.quantity - pushed.quantity,
      plannedAt,
    });
  }
  await recordShadowEntries(context, report);
  await clearPendingSince(context, connection, [...plan.items, ...plan.alreadyPushed]);
}
