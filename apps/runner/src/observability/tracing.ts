import type { TracingConfiguration } from '@stockwire/model';
import type { Logger } from 'pino';
import { resolveTracingSettings } from './tracing-settings.ts';

/**
 * A span's W3C trace context (https://www.w3.org/TR/trace-context/), as it travels in a job's data: the queues
 * are Redis, not HTTP, so the headers a propagator would write go into the job itself.
 */
export interface TraceCarrier {
  readonly traceparent: string;
  readonly tracestate?: string | undefined;
}

export type SpanAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface TracedSpan {
  setAttributes(attributes: SpanAttributes): void;
  /** Marks the span failed (status error, `error.type`, the exception as an event). */
  fail(error: unknown): void;
}

export interface SpanOptions {
  readonly kind?: SpanKindName | undefined;
  readonly attributes?: SpanAttributes | undefined;
  /** Continue this context (a job's carrier) rather than the span this code runs in. */
  readonly parent?: TraceCarrier | undefined;
  /** Contexts this span follows from without being their child (a push batches many events' changes). */
  readonly links?: readonly TraceCarrier[] | undefined;
  /**
   * Whether an error thrown by the work is a failure of the span; by default every throw is. BullMQ's
   * `DelayedError` (a job put back to sleep on purpose) is not.
   */
  readonly isFailure?: ((error: unknown) => boolean) | undefined;
}

/**
 * The runner's tracing, when it is on. The pipeline sees only this interface: the OpenTelemetry SDK behind it is
 * imported (dynamically) by `startTracing` only when tracing is configured, so a runner without it loads none of it
 * and its hot path pays one `undefined` check per step.
 */
export interface RunnerTracing {
  /**
   * Runs `work` inside a new span — a child of the span the caller runs in, unless `options.parent` names another —
   * and ends it when the work settles; a throw marks it failed (see `isFailure`) and is rethrown.
   */
  inSpan<Result>(name: string, options: SpanOptions, work: (span: TracedSpan) => Promise<Result>): Promise<Result>;
  /** The context of the span the caller runs in, to put in a job's data; undefined outside any span. */
  currentCarrier(): TraceCarrier | undefined;
  /** Exports what is still buffered and stops. */
  shutdown(): Promise<void>;
}

/**
 * Tracing for one runner, or undefined when it is off: no endpoint in the file's `observability.tracing` nor in
 * `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT`, or `OTEL_SDK_DISABLED=true`. Each runner owns its tracer provider and
 * registers nothing globally, so runners sharing a process (tests, the demo) never export each other's spans.
 */
export async function startTracing(
  configured: TracingConfiguration | undefined,
  environment: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<RunnerTracing | undefined> {
  const settings = resolveTracingSettings(configured, environment);
  if (settings === undefined) {
    if (configured !== undefined) {
      logger.warn(
        'observability.tracing is set but tracing is off: give otlpEndpoint, or OTEL_EXPORTER_OTLP_ENDPOINT, and leave OTEL_SDK_DISABLED unset',
      );
    }
    return undefined;
  }
  const { createSdkTracing } = await import('./tracing-sdk.ts');
  logger.info(
    { tracing: { url: settings.tracesUrl, serviceName: settings.serviceName, sampleRatio: settings.sampleRatio } },
    'tracing: exporting spans over OTLP/HTTP',
  );
  return createSdkTracing(settings, logger);
}

/** `work` inside a span when tracing is on, else just `work` (its span argument undefined): one check when off. */
export function traced<Result>(
  tracing: RunnerTracing | undefined,
  name: string,
  options: SpanOptions,
  work: (span: TracedSpan | undefined) => Promise<Result>,
): Promise<Result> {
  return tracing === undefined ? work(undefined) : tracing.inSpan(name, options, work);
}

/**
 * Messaging attributes of a BullMQ job's spans, after OpenTelemetry's messaging conventions (still "development",
 * so spelled here rather than imported from the conventions' incubating entry point).
 */
export function jobAttributes(queue: string, operation: 'send' | 'process', jobName: string): SpanAttributes {
  return {
    'messaging.system': 'bullmq',
    'messaging.destination.name': queue,
    'messaging.operation.type': operation,
    'stockwire.job': jobName,
  };
}
