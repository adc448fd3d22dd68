import type { PushPlan, PushSettlement } from '@stockwire/engine';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { takePushContributors } from '../observability/push-trace-links.ts';

/**
 * Runs one push (the vendor call and its settlement) in a `push` span when tracing is on. A flush batches the
 * changes of many events, so the span follows from the applies that left the connection something to push since
 * its last push (at most `maximumPushLinks`, the latest): the one apply's trace continues when there is exactly one,
 * else the span links to each. The vendor call inside is the connector's client span (traced-connector.ts).
 */
export async function inPushSpan(
  context: PipelineContext,
  connection: string,
  plan: PushPlan,
  push: () => Promise<PushSettlement>,
): Promise<PushSettlement> {
  const { tracing } = context;
  if (tracing === undefined) return await push();
  const contributors = await takePushContributors(context.redis, context.keys.pushTraceLinks(connection));
  const only = contributors.length === 1 ? contributors[0] : undefined;
  const attributes = {
    'stockwire.connection': connection,
    'stockwire.connector': context.connections.get(connection)?.connector.connector,
    'stockwire.push.items': plan.items.length,
    'stockwire.push.contributors': contributors.length,
  };
  const options = only === undefined ? { attributes, links: contributors } : { attributes, parent: only };
  return await tracing.inSpan('push', options, async (span) => {
    const settlement = await push();
    span.setAttributes({
      'stockwire.push.written': settlement.written,
      'stockwire.push.unchanged': settlement.unchanged,
      'stockwire.push.stale': settlement.stale,
      'stockwire.push.deferred': settlement.deferred,
      'stockwire.push.refused': settlement.refused.length,
    });
    return settlement;
  });
}
