import { type RawWebhookV2, supports, WebhookSignatureError } from '@stockwire/connector-spec';
import type { WebhookDeliveryData, WebhookGroupJobData, WebhookJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { jobAttributes, traced } from '../observability/tracing.ts';
import { createWebhookGrouper, type WebhookGrouper } from './webhook-group.ts';

export type WebhookAcceptance =
  | { readonly outcome: 'accepted' }
  | { readonly outcome: 'unknown-connection'; readonly message: string }
  | { readonly outcome: 'bad-signature'; readonly message: string }
  /**
   * No longer answered: the body is parsed once, in the `ingest` job, which dead-letters a malformed one. Kept
   * until the HTTP route drops its case for it.
   */
  | { readonly outcome: 'malformed'; readonly message: string; readonly deadLetter: string };

/** Headers that authenticate us, not the vendor: never stored with the delivery. */
const droppedHeaders = new Set(['authorization', 'cookie', 'proxy-authorization']);

function storableHeaders(headers: RawWebhookV2['headers']): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || droppedHeaders.has(name.toLowerCase())) continue;
    kept[name] = typeof value === 'string' ? value : [...value];
  }
  return kept;
}

/**
 * What the webhook endpoint does before it answers, and nothing more: verify the signature on the raw bytes
 * (nothing is stored for a bad one) and enqueue the delivery. Parsing may need the vendor's API (Shopify maps
 * inventory item ids through its catalog), which can fail or take longer than the vendor waits (5 s for Shopify),
 * so it happens once, in the `ingest` job, with retries. A body that turns out malformed there is answered 200
 * already; it is kept as a dead letter with a replay (see ingest-webhook.ts).
 */
export async function acceptWebhook(
  context: PipelineContext,
  connection: string,
  webhook: RawWebhookV2,
): Promise<WebhookAcceptance> {
  const attributes = { 'stockwire.connection': connection };
  // A new trace per delivery: a `traceparent` a caller of this public endpoint sends is not trusted as a parent.
  return await traced(context.tracing, 'webhook receive', { kind: 'server', attributes }, async (span) => {
    const acceptance = await verifyAndEnqueue(context, connection, webhook);
    span?.setAttributes({ 'stockwire.webhook.outcome': acceptance.outcome });
    return acceptance;
  });
}

async function verifyAndEnqueue(
  context: PipelineContext,
  connection: string,
  webhook: RawWebhookV2,
): Promise<WebhookAcceptance> {
  const { tracing } = context;
  const connector = context.connections.get(connection)?.connector;
  if (connector === undefined || !supports(connector, 'webhooks')) {
    return {
      outcome: 'unknown-connection',
      message:
        connector === undefined
          ? `there is no connection "${connection}"`
          : `connection "${connection}" (${connector.connector}) does not receive webhooks`,
    };
  }
  const names = { 'stockwire.connection': connection, 'stockwire.connector': connector.connector };
  const refusal = await traced(tracing, 'webhook verify', { attributes: names }, async (span) => {
    try {
      await connector.webhooks.verify(webhook);
      span?.setAttributes({ 'stockwire.outcome': 'ok' });
      return undefined;
    } catch (error) {
      if (!WebhookSignatureError.isInstance(error)) throw error;
      span?.setAttributes({ 'stockwire.outcome': 'bad-signature' });
      return error;
    }
  });
  if (refusal !== undefined) {
    context.metrics.webhooks.inc({ connection, outcome: 'bad-signature' });
    return { outcome: 'bad-signature', message: refusal.message };
  }
  const sendAttributes = { ...names, ...jobAttributes('ingest', 'send', 'webhook') };
  // The producer span lasts until the job holding this delivery is enqueued, alone or with others.
  await traced(tracing, 'send ingest', { kind: 'producer', attributes: sendAttributes }, async () => {
    const delivery: WebhookDeliveryData = {
      headers: storableHeaders(webhook.headers),
      bodyBase64: Buffer.from(webhook.rawBody).toString('base64'),
      receivedAt: webhook.receivedAt,
      // The producer span's context: the ingest job's span becomes its child, in another process as well.
      ...(tracing === undefined ? {} : { trace: tracing.currentCarrier() }),
    };
    await grouperOf(context).submit(connection, delivery);
  });
  context.metrics.webhooks.inc({ connection, outcome: 'accepted' });
  // What the vendor waits for: from the request's arrival to the enqueue that lets it be answered.
  const answeredMs = context.now() - Date.parse(webhook.receivedAt);
  if (Number.isFinite(answeredMs)) {
    context.metrics.pushStageSeconds.observe({ connection, stage: 'webhook-answer' }, Math.max(0, answeredMs) / 1_000);
  }
  return { outcome: 'accepted' };
}

/**
 * One grouper per enqueue target. The runner hands every acceptance a fresh context object around the same HTTP
 * enqueue function, so that function, not the context, is what identifies the runner's queues here.
 */
const groupers = new WeakMap<PipelineContext['enqueue'], WebhookGrouper<WebhookDeliveryData>>();

function grouperOf(context: PipelineContext): WebhookGrouper<WebhookDeliveryData> {
  let grouper = groupers.get(context.enqueue);
  if (grouper === undefined) {
    const { enqueue, options } = context;
    grouper = createWebhookGrouper<WebhookDeliveryData>({
      maximumWaitMs: options.webhookGroupWaitMs,
      maximumDeliveries: options.webhookGroupMaximumDeliveries,
      enqueue: (connection, deliveries) =>
        enqueue({ queue: 'ingest', name: 'webhook', data: jobDataOf(connection, deliveries) }),
    });
    groupers.set(context.enqueue, grouper);
  }
  return grouper;
}

/**
 * A delivery alone keeps the one-delivery shape, the only one a runner release before grouping can read: at a quiet
 * rate nothing changes in Redis, and during a rolling upgrade only deliveries that arrive together need a new runner.
 */
function jobDataOf(
  connection: string,
  deliveries: readonly WebhookDeliveryData[],
): WebhookJobData | WebhookGroupJobData {
  const [first] = deliveries;
  if (deliveries.length === 1 && first !== undefined) return { connection, ...first };
  return { connection, deliveries };
}
