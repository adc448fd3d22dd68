import { MalformedPayloadError, type ParsedWebhookV2, type RawWebhookV2, supports } from '@stockwire/connector-spec';
import type { WebhookJobData } from '../runtime/job-requests.ts';
import { deadLetterItemFailures } from './item-failures.ts';
import { offerPushes } from './offer-pushes.ts';
import { connectionRuntime, type PipelineContext } from './pipeline-context.ts';

export type IngestOutcome = 'enqueued' | 'duplicate' | 'malformed';

export function rawWebhookOf(data: WebhookJobData): RawWebhookV2 {
  return { headers: data.headers, rawBody: Buffer.from(data.bodyBase64, 'base64'), receivedAt: data.receivedAt };
}

/**
 * Turns a verified webhook delivery into canonical events for the engine. A redelivery (same delivery id) stops
 * here. The delivery id is remembered only after its events are enqueued, so a crash in between lets the vendor's
 * redelivery through, and the engine drops the events it already has.
 */
export async function ingestWebhook(context: PipelineContext, data: WebhookJobData): Promise<IngestOutcome> {
  const { connection } = data;
  const runtime = connectionRuntime(context, connection);
  const { connector } = runtime;
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
    context.metrics.webhooks.inc({ connection, outcome: 'malformed' });
    await context.deadLetter({
      kind: 'webhook-malformed',
      connection,
      reason: error.message,
      error: { name: error.name, code: error.code, retryable: false },
      payload: { headers: data.headers, body: Buffer.from(data.bodyBase64, 'base64').toString('utf8') },
      replay: { queue: 'ingest', name: 'webhook', data },
    });
    return 'malformed';
  }
  const seenKey = context.keys.webhookDelivery(connection, parsed.deliveryId);
  if ((await context.redis.exists(seenKey)) === 1) {
    context.metrics.webhooks.inc({ connection, outcome: 'duplicate' });
    return 'duplicate';
  }
  // Orders to route travel with the events; the apply step tells them apart.
  const items = [...parsed.events, ...(parsed.orders ?? [])];
  if (items.length > 0) {
    await context.enqueue({
      queue: 'apply',
      name: 'apply',
      data: { connection, origin: 'webhook', events: items, receivedAt: Date.parse(data.receivedAt) },
    });
  }
  if (parsed.records !== undefined && parsed.records.length > 0) {
    // What the channel says it shows: our own write coming back is an echo; anything else is drift, healed by a push.
    const result = await context.engine.reconcile(connection, parsed.records);
    for (const drift of result.drifts) context.metrics.driftsFound.inc({ connection, cause: drift.cause });
    if (result.pushesScheduled > 0 || result.snapshotsApplied > 0) await offerPushes(context);
  }
  await deadLetterItemFailures(context, connection, parsed.failures);
  await context.redis.set(seenKey, data.receivedAt, 'PX', context.options.webhookDeliveryRetentionMs);
  context.metrics.webhooks.inc({ connection, outcome: 'ingested' });
  return 'enqueued';
}
