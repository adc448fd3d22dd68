import { Worker } from 'node:worker_threads';
import { createHttpServer, type Runner } from '@stockwire/runner';
import type { ShipHeroAuthority } from './shiphero-authority.ts';
import type { PosterInput, PosterOutput } from './webhook-poster.ts';

/** The vendor's side of a webhook row and what the runner made of it. */
export interface WebhookFigures {
  readonly posted: number;
  /** Answered other than 200 with ShipHero's expected body: must be 0. */
  readonly refused: number;
  /** Never answered (the connection failed): must be 0. */
  readonly failed: number;
  readonly firstProblem: string | undefined;
  /** From the POST to the whole answer (verify and enqueue, grouped), as the vendor's worker sees it. */
  readonly answerP50Ms: number;
  readonly answerP99Ms: number;
  readonly answerMaximumMs: number;
  /** Of the answer time, the wait for a free connection of the poster's pool (0 while the pool is not the limit). */
  readonly connectionWaitP99Ms: number;
  readonly peakConnections: number;
  /** `stockwire_webhooks_total` over the phase, by outcome (every delivery should be `ingested`). */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Mean deliveries per engine call (`stockwire_apply_deliveries_per_call`): how far the shared lane joined them. */
  readonly deliveriesPerEngineCall: number;
  /** Keep-alive connections the poster may open. */
  readonly sockets: number;
  /** The poster thread's CPU over the phase (building, signing, posting), ms: not the runner's. */
  readonly posterCpuMs: number;
}

/** The vendor's pool of delivery connections: ShipHero posts from many workers at once. */
export const posterSockets = 64;

/**
 * Serves the runner's own HTTP server (`POST /webhooks/<connection>`, as `stockwire run` does) and starts the poster
 * thread; `post()` runs it at the rate and resolves with when each delivery was posted (on this thread's
 * `performance.now()` clock) and the vendor's figures.
 */
export async function startWebhookArrival(input: {
  runner: Runner;
  connection: string;
  authority: ShipHeroAuthority;
  eventsPerSecond: number;
  events: number;
  skus: readonly string[];
}) {
  const app = await createHttpServer({ runner: input.runner });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  input.authority.listenAt(address);
  const posterInput: PosterInput = {
    url: `${address}/webhooks/${input.connection}`,
    secret: input.authority.secret,
    eventsPerSecond: input.eventsPerSecond,
    events: input.events,
    skus: input.skus,
    warehouses: input.authority.warehouses,
    sockets: posterSockets,
    accountId: 63_898,
  };
  const worker = new Worker(new URL('./webhook-poster.ts', import.meta.url), { workerData: posterInput });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  try {
    await next();
  } catch (error) {
    await Promise.allSettled([worker.terminate(), app.close()]);
    throw error;
  }
  return {
    async post(): Promise<{
      sentAt: Float64Array;
      webhooks: Omit<WebhookFigures, 'outcomes' | 'deliveriesPerEngineCall'>;
    }> {
      const finished = next();
      worker.postMessage('go');
      const output = (await finished) as PosterOutput;
      // The poster's clock is the shared one (timeOrigin + now); landings are timed on this thread's now().
      const sentAt = output.sentAt.map((time) => time - performance.timeOrigin);
      const sorted = (values: Float64Array) => [...values].filter(Number.isFinite).sort((left, right) => left - right);
      const answers = sorted(output.answerMs);
      const percentile = (share: number, values = answers) =>
        values[Math.min(values.length - 1, Math.ceil(share * values.length) - 1)] ?? Number.NaN;
      return {
        sentAt,
        webhooks: {
          posted: output.sentAt.length,
          refused: output.refused,
          failed: output.failed,
          firstProblem: output.firstProblem,
          answerP50Ms: percentile(0.5),
          answerP99Ms: percentile(0.99),
          answerMaximumMs: answers.at(-1) ?? Number.NaN,
          connectionWaitP99Ms: percentile(0.99, sorted(output.connectionWaitMs)),
          peakConnections: output.peakConnections,
          sockets: posterSockets,
          posterCpuMs: output.cpuMs,
        },
      };
    },
    async close() {
      await Promise.allSettled([worker.terminate(), app.close()]);
    },
  };
}

/** `stockwire_webhooks_total` by outcome, summed over connections. */
export async function webhookOutcomes(runner: Runner): Promise<Record<string, number>> {
  const outcomes: Record<string, number> = {};
  for (const value of (await runner.metrics.webhooks.get()).values) {
    const outcome = String(value.labels.outcome ?? 'unknown');
    outcomes[outcome] = (outcomes[outcome] ?? 0) + value.value;
  }
  return outcomes;
}

/** Mean deliveries per engine call from `stockwire_apply_deliveries_per_call` (its sum over its count). */
export async function deliveriesPerEngineCall(runner: Runner): Promise<number> {
  let sum = 0;
  let count = 0;
  for (const value of (await runner.metrics.applyDeliveriesPerCall.get()).values) {
    if (value.metricName?.endsWith('_sum')) sum += value.value;
    else if (value.metricName?.endsWith('_count')) count += value.value;
  }
  return count === 0 ? 0 : sum / count;
}
