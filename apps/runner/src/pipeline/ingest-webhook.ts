import { MalformedPayloadError, type ParsedWebhookV2, type RawWebhookV2, supports } from '@stockwire/connector-spec';
import { describeDeadLetterError } from '../jobs/dead-letter.ts';
import type { WebhookJobData } from '../jobs/job-requests.ts';
import { connectionRuntime, type PipelineContext } from '../jobs/pipeline-context.ts';
import { applyEvents } from './apply-events.ts';
import { deadLetterItemFailures } from './item-failures.ts';

export type IngestOutcome = 'ingested' | 'duplicate' | 'malformed';

export function rawWebhookOf(data: WebhookJobData): RawWebhookV2 {
  return { headers: data.headers, rawBody: Buffer.from(data.bodyBase64, 'base64'), receivedAt: data.receivedAt };
}

/**
 * The `ingest` job: parses a verified delivery (the only parse; a connector error that is retryable, such as the
 * vendor's API failing while the connector maps ids, makes the job retry), drops a redelivery (same delivery id),
 * and hands everything it carries to the engine in one batch: events, order records and the records of what the
 * remote shows. The delivery id is remembered only after that, so a crash in between lets the vendor's redelivery
 * through, and the engine drops what it already has.
 */
export async function ingestWebhook(context: PipelineContext, data: WebhookJobData): Promise<IngestOutcome> {
  const { connection } = data;
  const { connector } = connectionRuntime(context, connection);
  if (!supports(connector, 'webhooks')) {
    throw Object.assign(new Error(`connection "${connection}" (${connector.connector}) does not parse webhooks`), {
      retryable: false,
    });
  }
  let parsed: ParsedWebhookV2;
  try {
    parsed = await connector.webhooks.parse(rawWebhookOf(data));
  } catch (error) {
    if (!MalformedPayloadError.isInstance(error)) throw error;
    await deadLetterMalformed(context, data, error);
    return 'malformed';
  }
  const seenKey = context.keys.webhookDelivery(connection, parsed.deliveryId);
  if ((await context.redis.exists(seenKey)) === 1) {
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
      receivedAt: Date.parse(data.receivedAt),
    });
  }
  await deadLetterItemFailures(context, connection, parsed.failures);
  await context.redis.set(seenKey, data.receivedAt, 'PX', context.options.webhookDeliveryRetentionMs);
  context.metrics.webhooks.inc({ connection, outcome: 'ingested' });
  return 'ingested';
}

/** The vendor was answered 200 already; the body is kept, readable, with a replay for after a connector fix. */
async function deadLetterMalformed(
  context: PipelineContext,
  data: WebhookJobData,
  error: MalformedPayloadError,
): Promise<void> {
  const { connection } = data;
  context.metrics.webhooks.inc({ connection, outcome: 'malformed' });
  await context.deadLetter({
    kind: 'webhook-malformed',
    connection,
    reason: error.message,
    error: describeDeadLetterError(error, false),
    payload: { headers: data.headers, body: Buffer.from(data.bodyBase64, 'base64').toString('utf8') },
    replay: { queue: 'ingest', name: 'webhook', data },
  });
}
