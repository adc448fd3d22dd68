import type { IngestRejection } from '@stockwire/engine';
import type { ApplyJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

const errorNames: Record<IngestRejection['kind'], string> = {
  event: 'EventRejection',
  order: 'OrderRejection',
  record: 'RecordRejection',
};

/**
 * Parks each input the engine refused, with the engine's reason and whether a retry could help, and a replay that
 * sends the input alone, in its own part of a batch, through the same connection.
 */
export async function deadLetterRejections(
  context: PipelineContext,
  data: ApplyJobData,
  rejections: readonly IngestRejection[],
): Promise<void> {
  for (const rejection of rejections) {
    context.metrics.eventsRejected.inc({ connection: rejection.source, reason: rejection.reason });
    const part = rejection.kind === 'event' ? 'events' : rejection.kind === 'order' ? 'orders' : 'records';
    await context.deadLetter({
      kind: 'event-rejected',
      connection: rejection.source,
      reason: rejection.message,
      error: { name: errorNames[rejection.kind], code: rejection.reason, retryable: rejection.retryable },
      payload: rejection.input,
      replay: {
        queue: 'apply',
        name: 'apply',
        data: { connection: data.connection, origin: 'replay', [part]: [rejection.input], receivedAt: data.receivedAt },
      },
    });
  }
}
