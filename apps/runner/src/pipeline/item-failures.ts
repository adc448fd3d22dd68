import { createHash } from 'node:crypto';
import { type ItemFailureV2, serializeItemFailure } from '@stockwire/connector-spec';
import { describeDeadLetterError } from '../jobs/dead-letter.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

/**
 * A snapshot re-read every hour reports the same unmapped row every hour; one dead letter a day for it is enough
 * to be seen, and keeps the store readable.
 */
const repeatWindowMs = 86_400_000;

/** Parks the items a connector could not read or translate, each with where it came from and why. */
export async function deadLetterItemFailures(
  context: PipelineContext,
  connection: string,
  failures: readonly ItemFailureV2[],
): Promise<void> {
  for (const failure of failures) {
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([connection, failure.where, failure.error.code, failure.error.message]))
      .digest('hex')
      .slice(0, 24);
    const first = await context.redis.set(
      context.keys.reportedFailure(connection, fingerprint),
      '1',
      'PX',
      repeatWindowMs,
      'NX',
    );
    if (first === null) continue;
    await context.deadLetter({
      kind: 'item-failure',
      connection,
      reason: `${failure.where}: ${failure.error.message}`,
      error: describeDeadLetterError(failure.error, failure.error.retryable),
      payload: serializeItemFailure(failure),
    });
  }
}
