import type { DirtyEntry, PushPlan } from '@stockwire/engine';
import { clearPendingSince } from './pending-since.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { recordShadowEntries, type ShadowEntry } from './shadow-report.ts';

/**
 * The shadow-mode end of a flush: the plan is kept as a report instead of being pushed, and every entry is
 * acknowledged (nothing will ever be written, so leaving them dirty would only spin the flush). Values already in
 * sync are reported too, with no difference, so the report covers every channel SKU that moved.
 */
export async function reportShadowPlan(
  context: PipelineContext,
  connection: string,
  entries: readonly DirtyEntry[],
  plan: PushPlan,
): Promise<void> {
  const plannedAt = new Date(context.now()).toISOString();
  const report: ShadowEntry[] = plan.push.map((planned) => ({
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
  await context.engine.acknowledgeDirty(connection, entries);
  await clearPendingSince(context, connection, entries);
}
