import type { PipelineContext } from '../jobs/pipeline-context.ts';

/**
 * A healed authority state can move any channel, and a drifted channel is marked for a fresh push: every connection
 * that pushes is offered a flush (deduplicated, and a flush with nothing marked ends at once).
 */
export async function offerPushes(context: PipelineContext): Promise<void> {
  for (const [connection, runtime] of context.connections) {
    if (runtime.connector.push === undefined) continue;
    await context.enqueue({ queue: 'push', name: 'flush', data: { connection } });
  }
}
