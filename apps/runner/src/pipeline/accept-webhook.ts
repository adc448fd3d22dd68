import { MalformedPayloadError, type RawWebhookV2, supports, WebhookSignatureError } from '@stockwire/connector-spec';
import type { WebhookJobData } from '../runtime/job-requests.ts';
import type { PipelineContext } from './pipeline-context.ts';

export type WebhookAcceptance =
  | { readonly outcome: 'accepted' }
  | { readonly outcome: 'unknown-connection'; readonly message: string }
  | { readonly outcome: 'bad-signature'; readonly message: string }
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
 * What the webhook endpoint does before it answers: verify the signature on the raw bytes (nothing is stored for
 * a bad one), check that the body can be read (so the vendor gets a clear 4xx and the body is kept as a dead
 * letter), then enqueue the delivery for the `ingest` job, which parses it again and feeds the engine.
 */
export async function acceptWebhook(
  context: PipelineContext,
  connection: string,
  webhook: RawWebhookV2,
): Promise<WebhookAcceptance> {
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
  try {
    await connector.webhooks.verify(webhook);
  } catch (error) {
    if (!WebhookSignatureError.isInstance(error)) throw error;
    context.metrics.webhooks.inc({ connection, outcome: 'bad-signature' });
    return { outcome: 'bad-signature', message: error.message };
  }
  const data: WebhookJobData = {
    connection,
    headers: storableHeaders(webhook.headers),
    bodyBase64: Buffer.from(webhook.rawBody).toString('base64'),
    receivedAt: webhook.receivedAt,
  };
  try {
    await connector.webhooks.parse(webhook);
  } catch (error) {
    if (!MalformedPayloadError.isInstance(error)) throw error;
    context.metrics.webhooks.inc({ connection, outcome: 'malformed' });
    const deadLetter = await context.deadLetter({
      kind: 'webhook-malformed',
      connection,
      reason: error.message,
      error: { name: error.name, code: error.code, retryable: false },
      payload: { headers: data.headers, body: Buffer.from(webhook.rawBody).toString('utf8') },
      replay: { queue: 'ingest', name: 'webhook', data },
    });
    return { outcome: 'malformed', message: error.message, deadLetter };
  }
  await context.enqueue({ queue: 'ingest', name: 'webhook', data });
  context.metrics.webhooks.inc({ connection, outcome: 'accepted' });
  return { outcome: 'accepted' };
}
