import { MalformedPayloadError, type ParsedWebhookV2, type RawWebhookV2, supports } from '@stockwire/connector-spec';
import { describeDeadLetterError } from '../jobs/dead-letter.ts';
import {
  isWebhookGroup,
  type WebhookDeliveryData,
  type WebhookGroupJobData,
  type WebhookJobData,
} from '../jobs/job-requests.ts';
import { connectionRuntime, type PipelineContext } from '../jobs/pipeline-context.ts';
import { isPermanent } from '../jobs/retry-rule.ts';
import { jobAttributes } from '../observability/tracing.ts';
import { applyEvents } from './apply-events.ts';
import { batchedDeliveryIds, type DeliveryIds, directDeliveryIds } from './delivery-ids.ts';
import { deadLetterItemFailures } from './item-failures.ts';

export type IngestOutcome = 'ingested' | 'duplicate' | 'malformed' | 'failed';

export function rawWebhookOf(data: WebhookDeliveryData): RawWebhookV2 {
  return { headers: data.headers, rawBody: Buffer.from(data.bodyBase64, 'base64'), receivedAt: data.receivedAt };
}

/** Claims a delivery id for this job: false when another delivery of the same group already holds it. */
type Claim = (deliveryId: string) => boolean;

/**
 * The `ingest` job: parses a verified delivery (the only parse; a connector error that is retryable, such as the
 * vendor's API failing while the connector maps ids, makes the job retry), drops a redelivery (same delivery id),
 * and hands everything it carries to the engine in one batch: events, order records and the records of what the
 * remote shows. The delivery id is remembered only after that, so a crash in between lets the vendor's redelivery
 * through, and the engine drops what it already has.
 *
 * A job holds one delivery (its shape before grouping, still read) or a group of deliveries that arrived together
 * (webhook-group.ts), each taken on its own as above.
 */
export async function ingestWebhook(
  context: PipelineContext,
  data: WebhookJobData | WebhookGroupJobData,
): Promise<IngestOutcome | IngestOutcome[]> {
  if (isWebhookGroup(data)) return await ingestWebhookGroup(context, data);
  const { connection, ...delivery } = data;
  observeQueueWait(context, connection, delivery);
  return await ingestDelivery(context, connection, delivery, () => true, directDeliveryIds(context, connection));
}

/**
 * Each delivery of the group on its own: a malformed one is dead-lettered alone (its replay is a one-delivery
 * job), a redelivery is dropped by its id — also when the same id comes twice in one group — and the others apply.
 * When one fails and a retry may help, the whole job is retried after all have been tried: those that went through
 * are then dropped by their delivery ids. A failure that no retry can help is dead-lettered for that delivery alone,
 * once nothing of the group is left to retry.
 */
async function ingestWebhookGroup(context: PipelineContext, data: WebhookGroupJobData): Promise<IngestOutcome[]> {
  const { connection, deliveries } = data;
  const claimed = new Set<string>();
  const claim: Claim = (deliveryId) => {
    if (claimed.has(deliveryId)) return false;
    claimed.add(deliveryId);
    return true;
  };
  for (const delivery of deliveries) observeQueueWait(context, connection, delivery);
  const ids = batchedDeliveryIds(context, connection);
  const settled = await Promise.allSettled(
    deliveries.map((delivery) =>
      inDeliverySpan(context, connection, delivery, () => ingestDelivery(context, connection, delivery, claim, ids)),
    ),
  );
  const retryable = settled.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected' && !isPermanent(result.reason),
  );
  if (retryable !== undefined) throw retryable.reason;
  const outcomes: IngestOutcome[] = [];
  for (const [index, result] of settled.entries()) {
    if (result.status === 'fulfilled') {
      outcomes.push(result.value);
      continue;
    }
    await deadLetterFailed(context, connection, deliveries[index] as WebhookDeliveryData, result.reason);
    outcomes.push('failed');
  }
  return outcomes;
}

async function ingestDelivery(
  context: PipelineContext,
  connection: string,
  delivery: WebhookDeliveryData,
  claim: Claim,
  ids: DeliveryIds,
): Promise<IngestOutcome> {
  const { connector } = connectionRuntime(context, connection);
  if (!supports(connector, 'webhooks')) {
    throw Object.assign(new Error(`connection "${connection}" (${connector.connector}) does not parse webhooks`), {
      retryable: false,
    });
  }
  let parsed: ParsedWebhookV2;
  try {
    parsed = await connector.webhooks.parse(rawWebhookOf(delivery));
  } catch (error) {
    if (!MalformedPayloadError.isInstance(error)) throw error;
    await deadLetterMalformed(context, connection, delivery, error);
    return 'malformed';
  }
  if (!claim(parsed.deliveryId) || (await ids.seen(parsed.deliveryId))) {
    context.metrics.webhooks.inc({ connection, outcome: 'duplicate' });
    return 'duplicate';
  }
  const { events, orders = [], records = [] } = parsed;
  if (events.length + orders.length + records.length > 0) {
    await applyEvents(context, {
      connection,
      origin: 'webhook',
      events,
      orders,
      records,
      receivedAt: Date.parse(delivery.receivedAt),
    });
  }
  await deadLetterItemFailures(context, connection, parsed.failures);
  await ids.remember(parsed.deliveryId, delivery.receivedAt);
  context.metrics.webhooks.inc({ connection, outcome: 'ingested' });
  return 'ingested';
}

/**
 * A webhook's wait before its ingest starts (grouping, enqueue and the queue itself), in the same stage as an apply
 * job's wait: for a webhook it is the queue its events meet first.
 */
function observeQueueWait(context: PipelineContext, connection: string, delivery: WebhookDeliveryData): void {
  const waitedMs = Math.max(0, context.now() - Date.parse(delivery.receivedAt));
  if (Number.isFinite(waitedMs)) {
    context.metrics.pushStageSeconds.observe({ connection, stage: 'queue-wait' }, waitedMs / 1_000);
  }
}

/** A grouped delivery continues its own webhook's trace (a one-delivery job does so in the job's span). */
async function inDeliverySpan<Result>(
  context: PipelineContext,
  connection: string,
  delivery: WebhookDeliveryData,
  work: () => Promise<Result>,
): Promise<Result> {
  const { tracing } = context;
  if (tracing === undefined || delivery.trace === undefined) return await work();
  const attributes = { ...jobAttributes('ingest', 'process', 'webhook'), 'stockwire.connection': connection };
  return await tracing.inSpan('process ingest', { kind: 'consumer', parent: delivery.trace, attributes }, work);
}

/** The one-delivery job that re-drives a delivery of a group by itself. */
const aloneJob = (connection: string, delivery: WebhookDeliveryData) =>
  ({ queue: 'ingest', name: 'webhook', data: { connection, ...delivery } }) as const;

/** The vendor was answered 200 already; the body is kept, readable, with a replay for after a connector fix. */
async function deadLetterMalformed(
  context: PipelineContext,
  connection: string,
  delivery: WebhookDeliveryData,
  error: MalformedPayloadError,
): Promise<void> {
  context.metrics.webhooks.inc({ connection, outcome: 'malformed' });
  await context.deadLetter({
    kind: 'webhook-malformed',
    connection,
    reason: error.message,
    error: describeDeadLetterError(error, false),
    payload: { headers: delivery.headers, body: Buffer.from(delivery.bodyBase64, 'base64').toString('utf8') },
    replay: aloneJob(connection, delivery),
  });
}

/** What the job's failure policy does for a one-delivery job that fails for good, for one delivery of a group. */
async function deadLetterFailed(
  context: PipelineContext,
  connection: string,
  delivery: WebhookDeliveryData,
  error: unknown,
): Promise<void> {
  context.logger.error({ connection, queue: 'ingest', job: 'webhook', err: error }, 'delivery failed for good');
  await context.deadLetter({
    kind: 'job-failed',
    connection,
    reason: error instanceof Error ? error.message : String(error),
    error: describeDeadLetterError(error, false),
    replay: aloneJob(connection, delivery),
  });
}
