import { type RawWebhookV2, supports, WebhookSignatureError } from '@stockwire/connector-spec';
import type { WebhookJobData } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

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
  await context.enqueue({ queue: 'ingest', name: 'webhook', data });
  context.metrics.webhooks.inc({ connection, outcome: 'accepted' });
  return { outcome: 'accepted' };
}
