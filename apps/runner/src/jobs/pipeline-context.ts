import type { Engine } from '@stockwire/engine';
import type { StockwireConfiguration } from '@stockwire/model';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { RunnerMetrics } from '../observability/runner-metrics.ts';
import type { RunnerTracing } from '../observability/tracing.ts';
import type { PipelineConnection } from './connection.ts';
import type { DeadLetterCounter, DeadLetterInput } from './dead-letter.ts';
import type { JobRequest } from './job-requests.ts';
import type { RunnerKeys } from './runner-keys.ts';
import type { RunnerOptions } from './runner-options.ts';

/**
 * What every job handler works with. Handlers only wire these together; the rules are in the engine and model.
 * The runtime assembles it; the pipeline and the alerts only read it, so neither imports the runtime.
 */
export interface PipelineContext {
  readonly configuration: StockwireConfiguration;
  readonly engine: Engine;
  readonly connections: ReadonlyMap<string, PipelineConnection>;
  /** The connection each channel is pushed through. */
  readonly channelConnections: ReadonlyMap<string, string>;
  readonly redis: Redis | Cluster;
  readonly keys: RunnerKeys;
  readonly options: RunnerOptions;
  readonly metrics: RunnerMetrics;
  readonly logger: Logger;
  readonly deadLetter: (letter: DeadLetterInput) => Promise<string>;
  readonly deadLetters: DeadLetterCounter;
  readonly enqueue: (request: JobRequest, options?: { delayMs?: number }) => Promise<void>;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** OpenTelemetry spans, when `observability.tracing` or `OTEL_EXPORTER_OTLP_ENDPOINT` turns them on. */
  readonly tracing?: RunnerTracing | undefined;
}

/** The connection's runtime, or an error that says the job names a connection this configuration does not have. */
export function connectionRuntime(context: PipelineContext, connection: string): PipelineConnection {
  const runtime = context.connections.get(connection);
  if (runtime === undefined) {
    throw Object.assign(
      new Error(`connection "${connection}" is not in the configuration; the job was left over from an older one`),
      { retryable: false },
    );
  }
  return runtime;
}
