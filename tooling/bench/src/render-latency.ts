import type { LatencyResult } from './runner/push-latency.ts';
import type { StageFigures } from './runner/push-stages.ts';

/** One latency row of the run: the measurement and the issue's target for it. */
export type LatencyRow = LatencyResult & { readonly targetP99Ms: number };

const number = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
/** A latency, or what it means when some value never landed (infinite in the run, null in the JSON). */
const milliseconds = (value: number | null) =>
  value === null || !Number.isFinite(value) ? 'not landed within 120 s of the last event' : `${number(value)} ms`;
const finite = (value: number | null) => (value === null || !Number.isFinite(value) ? undefined : value);

/** Shopify Standard: `inventorySetQuantities` costs 10 points, the bucket restores 100 per second. */
const affordableIntervalMs = (10 / 100) * 1_000;

const arrivalTexts = {
  webhook: 'signed ShipHero webhooks over HTTP, one delivery per event',
  'job-per-event': 'one apply job per event',
  'job-per-tick': 'one apply job per 10 ms tick',
} as const;
const arrivalText = (row: LatencyRow) => arrivalTexts[row.arrival];

/** The runner's own CPU, steadier than the latency on a shared machine. */
const cpuText = (row: LatencyRow) =>
  `runner ${number(row.runnerCpu.microsecondsPerEvent)} µs CPU per event, its event loop ${number(row.runnerCpu.eventLoopUtilization * 100)}% busy`;

/** A webhook row's HTTP side: the answers as the vendor timed them, and every post not taken (must be none). */
const webhookText = (row: LatencyRow) => {
  const webhooks = row.webhooks;
  if (webhooks === undefined) return '';
  const notTaken = webhooks.refused + webhooks.failed;
  const ingested = webhooks.outcomes.ingested ?? 0;
  return (
    `; HTTP answer p50 ${milliseconds(webhooks.answerP50Ms)}, p99 ${milliseconds(webhooks.answerP99Ms)}` +
    ` (p99 ${milliseconds(webhooks.connectionWaitP99Ms)} of it waiting for one of the poster's ${number(webhooks.sockets)} connections); ` +
    `${number(webhooks.posted)} posted, ${number(webhooks.refused)} refused, ${number(webhooks.failed)} failed` +
    `${notTaken === 0 ? '' : ` (**not 0**: ${webhooks.firstProblem ?? 'no answer'})`}, ${number(ingested)} ingested` +
    `, ${number(webhooks.deliveriesPerEngineCall, 1)} deliveries per engine call`
  );
};

const stageOf = (row: LatencyRow, stage: StageFigures['stage']) => row.stages.find((entry) => entry.stage === stage);

/**
 * The summary rows. The same-run bound is the least an event can wait at a steady rate: pushes can be afforded
 * one per 100 ms (10 points at 100 per second), so a change may wait up to that for its batch, plus one vendor
 * call (its p50 in the same run).
 */
export function latencyTableRows(rows: readonly LatencyRow[]): string[] {
  return rows.map((row) => {
    const vendorCall = stageOf(row, 'vendor-call')?.p50Ms ?? 0;
    const bound = affordableIntervalMs + vendorCall;
    const p99 = finite(row.p99Ms);
    return (
      `| Event-in to push-out at ${number(row.eventsPerSecond)} events/s, ${arrivalText(row)}, debounce ${row.debounceMs} ms (included) ` +
      `| p50 ${milliseconds(row.p50Ms)}, p99 ${milliseconds(row.p99Ms)} (max ${milliseconds(row.maximumMs)}; ${number(row.mutations)} mutations; load ${number(row.load.start, 1)}→${number(row.load.end, 1)}; ${cpuText(row)}${webhookText(row)}) ` +
      `| p99 < ${number(row.targetP99Ms)} ms | ≥ ${number(bound)} ms (one affordable push per ${number(affordableIntervalMs)} ms + vendor call p50 ${number(vendorCall)} ms) ` +
      `| ${p99 === undefined ? 'over' : `${number(p99 / row.targetP99Ms, 2)}×`} target |`
    );
  });
}

/** Where the time goes: each stage's p50 and p99 from the runner's own histogram, per latency row. */
export function latencyStagesSection(rows: readonly LatencyRow[]): string {
  const header =
    '| row | end to end p99 | HTTP answer (poster) | webhook answer | queue wait | ingest | engine: apply | engine: projection | debounce | limiter wait | vendor call |';
  const lines = rows.map((row) => {
    const cell = (stage: StageFigures['stage']) => {
      const figures = stageOf(row, stage);
      if (figures === undefined || figures.count === 0) return '— (none)';
      return `p50 ${number(figures.p50Ms, 1)} / p99 ${number(figures.p99Ms, 1)} ms (${number(figures.count)})`;
    };
    const answer =
      row.webhooks === undefined
        ? '— (no HTTP)'
        : `p50 ${number(row.webhooks.answerP50Ms, 1)} / p99 ${number(row.webhooks.answerP99Ms, 1)} ms (${number(row.webhooks.posted)}; the poster's clock)`;
    return `| ${number(row.eventsPerSecond)} events/s, ${arrivalText(row)} | ${milliseconds(row.p99Ms)} | ${answer} | ${cell('webhook-answer')} | ${cell('queue-wait')} | ${cell('ingest')} | ${cell('apply')} | ${cell('projection')} | ${cell('debounce')} | ${cell('limiter-wait')} | ${cell('vendor-call')} |`;
  });
  return `## Where the latency goes

From the runner's own histogram \`stockwire_push_stage_seconds{stage}\` over each measured phase (percentiles
interpolated inside its buckets, 1 ms to 60 s; in brackets how many observations), except **HTTP answer
(poster)**: from each POST to its whole answer as the poster timed it (a wait for one of its connections included).
**webhook answer**: each accepted delivery's time in the runner from its arrival at the route to the enqueue that
lets it be answered (verify, then grouping with the deliveries arriving meanwhile and the enqueue). **queue wait**:
an apply job's time in the queue before a worker takes it; for a webhook, each delivery's time from its arrival at
the route to the start of the \`ingest\` job holding it (the answer, grouping and enqueue included); **ingest**: an
apply job's whole apply, its \`engine.ingest\` call with the runner's marks around it (and, for a small delivery,
the wait for a shared engine call: see Operations, "small deliveries share engine calls"), or a webhook job's whole
ingest (parse, dedupe by delivery id and the shared engine call of each delivery it holds), one observation per
job; **engine: apply** and **engine: projection**: the two stages of each engine call as
the engine times them (validation, authority, the atomic apply and the sales it records; then recomputing, storing
and marking the channel quantities), one observation per engine call;
**debounce**: a flush's wait before its first run (the debounce as paced by the bucket, plus any wait for a free
worker); **limiter wait**: each sleep a flush was put to because the shared limiter or Shopify had no room;
**vendor call**: the connector's push (the GraphQL mutation and its answer). The stages of one event add up to about
its latency; the p99s of the stages need not add up to the p99 of the whole.

${header}
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${lines.join('\n')}
`;
}

/** The Method paragraph for the latency rows. */
export function latencyMethod(rows: readonly LatencyRow[]): string {
  const first = rows[0];
  if (first === undefined) return '- **Latency**: not run.';
  const webhookRow = rows.find((row) => row.webhooks !== undefined);
  const posterMicroseconds =
    webhookRow?.webhooks === undefined ? 0 : (webhookRow.webhooks.posterCpuMs * 1_000) / webhookRow.webhooks.posted;
  return `- **Latency**: a steady rate for ${number(first.seconds)} s over ${number(first.positions)} SKU × location positions (1,000 SKUs × 10 Shopify
  locations), each event an absolute snapshot of one position, arriving every 10 ms as what is due then. **Webhook
  rows**: ShipHero is the authority for on hand (10 warehouses, one per Shopify location; its sandbox answers the
  connector's own calls) and each event is one Inventory Update delivery (one SKU at one warehouse, its new on hand),
  signed as ShipHero signs (base64 HMAC-SHA256 of the raw body, \`X-ShipHero-Hmac-Sha256\`, with the subscription's
  secret) under its own message id, posted from a thread of its own over keep-alive HTTP (at most
  ${number(webhookRow?.webhooks?.sockets ?? 0)} connections, every delivery due in a tick at once, none waiting for an earlier answer; the thread's CPU,
  ${number(posterMicroseconds)} µs per delivery in the first webhook row, is on the same two cores, and not in the runner's CPU figure) to
  \`POST /webhooks/erp\` on the runner's own HTTP server (\`createHttpServer\`, as \`stockwire run\` serves it): verified,
  grouped at enqueue, parsed in the \`ingest\` job into snapshot events (not remote records: they take the shared
  apply lane, small deliveries joining one engine call), applied, pushed. Every post must be answered 200 with
  ShipHero's \`{"code":"200","Message":"Success"}\`; the row counts those that were not (refused) and those never
  answered (failed). **Apply-queue rows**: the events handed to the runner's apply queue as an \`erp\` file
  connection's, one apply job per 10 ms tick (as a poll page or a batched delivery arrives). From the POST (or the
  hand-over) to the moment the Shopify sandbox stored the value (or a newer value of the same position). Production
  options: the push debounce at its default of 250 ms, included, which the runner now paces by the Shopify bucket
  (see below); the catalog is loaded and the bucket full before the phase starts.
- **Flush pacing**: a flush, on its first run, waits \`pushDebounceMs × (1 − headroom)\` less what it already
  waited, where headroom is how full the connection's rate-limit bucket is (read from the shared limiter in Redis, at
  most every 50 ms): at once while the bucket is full (points it cannot hold are lost anyway), the whole debounce when
  it is empty (each call then carries more changes); never when a full batch is waiting.`;
}
