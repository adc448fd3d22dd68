import type { Engine } from '@stockwire/engine';
import type { Logger } from 'pino';
import { type DashboardSample, type GaugeReading, sampleBetween } from './dashboard-sample.ts';
import { type MetricReading, readMetrics, type SampledConnection } from './metric-reading.ts';
import type { RunnerMetrics } from './runner-metrics.ts';

export interface DashboardSamplerInput {
  readonly metrics: RunnerMetrics;
  readonly connections: ReadonlyMap<string, SampledConnection>;
  readonly engine: Pick<Engine, 'dirtyCount'>;
  readonly deadLetters: { count(): Promise<number> };
  readonly logger: Logger;
  /** Default 2 s. */
  readonly intervalMs?: number;
  /** Samples kept; default 900 (30 minutes at 2 s). */
  readonly capacity?: number;
}

/**
 * The dashboard's time series, kept in this process only (a ring buffer: nothing to store, nothing to expire):
 * Prometheus keeps the long history; this is the last half hour for someone looking at the page now.
 */
export interface DashboardSampler {
  readonly intervalMs: number;
  start(): void;
  stop(): void;
  /** Oldest first; only those taken after `sinceMs` (epoch ms) when given. */
  samples(sinceMs?: number): DashboardSample[];
}

export function createDashboardSampler(input: DashboardSamplerInput): DashboardSampler {
  const intervalMs = input.intervalMs ?? 2_000;
  const capacity = input.capacity ?? 900;
  const samples: DashboardSample[] = [];
  let previous: MetricReading | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const pushConnections = [...input.connections.values()].filter(({ connector }) => connector.push);
  const readGauges = async (): Promise<GaugeReading> => {
    try {
      const dirty = await Promise.all(
        pushConnections.map(async ({ name }) => [name, await input.engine.dirtyCount(name)] as const),
      );
      return { dirty: new Map(dirty), deadLetters: await input.deadLetters.count() };
    } catch (error) {
      // Redis away: the rates still come from memory; the gauges show a gap.
      input.logger.debug({ err: error }, 'dashboard sample without Redis gauges');
      return { dirty: new Map(), deadLetters: null };
    }
  };

  const takeSample = async () => {
    const reading = await readMetrics(input.metrics, input.connections, Date.now());
    const gauges = await readGauges();
    if (previous !== undefined) {
      samples.push(sampleBetween(previous, reading, gauges, input.connections));
      if (samples.length > capacity) samples.shift();
    }
    previous = reading;
  };
  // Each sample is scheduled after the last one finished, so a slow Redis never piles samples up.
  const schedule = () => {
    timer = setTimeout(() => {
      takeSample()
        .catch((error: unknown) => input.logger.warn({ err: error }, 'dashboard sample failed'))
        .finally(() => {
          if (running) schedule();
        });
    }, intervalMs);
    timer.unref();
  };

  return {
    intervalMs,
    start() {
      if (running) return;
      running = true;
      void takeSample().catch((error: unknown) => input.logger.warn({ err: error }, 'dashboard sample failed'));
      schedule();
    },
    stop() {
      running = false;
      clearTimeout(timer);
    },
    samples: (sinceMs) =>
      sinceMs === undefined ? [...samples] : samples.filter((sample) => Date.parse(sample.at) > sinceMs),
  };
}
