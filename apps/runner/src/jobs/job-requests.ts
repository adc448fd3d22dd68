import type { RemoteRecord } from '@stockwire/engine';
import type { TraceCarrier } from '../observability/tracing.ts';

/**
 * Every job the runner enqueues, as data. A dead letter keeps the request that failed, so replaying it is just
 * enqueueing it again, with the same options as the first time.
 */
export const queueNames = ['apply', 'push', 'poll', 'ingest', 'reconcile'] as const;
export type QueueName = (typeof queueNames)[number];

/**
 * One delivery for the engine, as the connector gave it: canonical events, order records for the engine to route,
 * and records of what the connection shows. The apply job hands all three to `engine.ingest` in one call.
 */
export interface ApplyJobData {
  /** The connection they came through (events and orders name their own `source`). */
  readonly connection: string;
  readonly origin: 'poll' | 'webhook' | 'reconcile' | 'replay';
  readonly events?: readonly unknown[] | undefined;
  readonly orders?: readonly unknown[] | undefined;
  readonly records?: readonly RemoteRecord[] | undefined;
  /** When the runner first saw them (epoch ms): the start of the event-to-push latency. */
  readonly receivedAt: number;
  /** The trace the apply continues (W3C trace context of the step that enqueued it), when tracing is on. */
  readonly trace?: TraceCarrier | undefined;
}

/** A webhook exactly as received; the body travels base64-encoded because its signature covers the raw bytes. */
export interface WebhookDeliveryData {
  readonly headers: Readonly<Record<string, string | string[]>>;
  readonly bodyBase64: string;
  readonly receivedAt: string;
  /** The webhook span's trace, which the ingest job continues, when tracing is on. */
  readonly trace?: TraceCarrier | undefined;
}

/**
 * One verified delivery and its connection: what a delivery that arrived alone is enqueued as, what every runner
 * release before grouping enqueued (such jobs may still wait in Redis), and what a dead letter's replay re-drives.
 */
export interface WebhookJobData extends WebhookDeliveryData {
  readonly connection: string;
}

/**
 * Verified deliveries of one connection that arrived together, enqueued as one job (pipeline/webhook-group.ts):
 * each is still parsed, deduplicated, applied or dead-lettered on its own.
 */
export interface WebhookGroupJobData {
  readonly connection: string;
  /** In the order they were verified; never empty. */
  readonly deliveries: readonly WebhookDeliveryData[];
}

export function isWebhookGroup(data: WebhookJobData | WebhookGroupJobData): data is WebhookGroupJobData {
  return Array.isArray((data as Partial<WebhookGroupJobData>).deliveries);
}

export type JobRequest =
  | { readonly queue: 'apply'; readonly name: 'apply'; readonly data: ApplyJobData }
  | { readonly queue: 'push'; readonly name: 'flush'; readonly data: { readonly connection: string } }
  /** Recompute a connection's SKUs and mark them dirty again (replay of a refused push). */
  | {
      readonly queue: 'push';
      readonly name: 'reproject';
      readonly data: { readonly connection: string; readonly skus: readonly string[] };
    }
  /** The push sweep, as its scheduler makes it; enqueued with a delay when a push answer held items until then. */
  | { readonly queue: 'push'; readonly name: 'tick'; readonly data: TickJobData }
  | { readonly queue: 'poll'; readonly name: 'pull'; readonly data: { readonly connection: string } }
  | { readonly queue: 'ingest'; readonly name: 'webhook'; readonly data: WebhookJobData | WebhookGroupJobData }
  | {
      readonly queue: 'reconcile';
      readonly name: 'run';
      readonly data: { readonly connection: string; readonly cursor?: string | undefined };
    };

export type JobName = JobRequest['name'];

/**
 * Jobs made by a job scheduler. A scheduler cannot deduplicate, so its tick only enqueues the deduplicated job
 * (`pull`, `run`, `flush`): a slow poll is never overlapped by the next one.
 */
export interface TickJobData {
  readonly connection?: string | undefined;
}
export const tickJobName = 'tick';

/** Names of the job kinds whose runs must never overlap for one connection. */
export function deduplicationId(request: JobRequest): string | undefined {
  switch (request.name) {
    case 'flush':
    case 'pull':
    case 'run':
      return `${request.name}:${request.data.connection}`;
    default:
      return undefined;
  }
}
