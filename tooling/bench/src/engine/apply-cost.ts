import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@stockwire/engine';
import type { InventoryEvent } from '@stockwire/model';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { benchConfiguration, skuId } from '../bench-world.ts';

export interface ApplyCostRow {
  /** Relative changes pending on the position before the measured events. */
  readonly pending: number;
  readonly events: number;
  /** Microseconds Redis spent in the engine's scripts per event (its own `INFO commandstats` accounting). */
  readonly scriptMicrosecondsPerEvent: number;
  /** Redis commands per event, the scripts' own included: work, which a busy machine cannot change. */
  readonly commandsPerEvent: number;
}

export interface ApplyCostResult {
  readonly rows: readonly ApplyCostRow[];
  /** Script time per event at the most pending over the least: ~1 when history costs nothing (defect #23.1). */
  readonly ratio: number;
  readonly markdown: string;
}

const location = 'wh-east';
const receipt = (sku: string, key: string, occurredAt: string): InventoryEvent => ({
  kind: 'receipt',
  idempotencyKey: key,
  source: 'erp',
  occurredAt,
  sku,
  location,
  quantity: 1,
});

async function scriptStats(redis: Redis): Promise<{ microseconds: number; commands: number }> {
  let microseconds = 0;
  let commands = 0;
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
    if (match === null) continue;
    const [, name = '', calls = '0', usec = '0'] = match;
    if (name === 'evalsha' || name === 'eval') microseconds += Number(usec);
    else if (name !== 'info') commands += Number(calls);
  }
  return { microseconds, commands };
}

/**
 * Script time per applied event on a position with `pending` relative changes pending (younger than the settle
 * horizon, so none folds): each measured event is one `ingest` of one receipt, as a webhook delivers it.
 */
async function measureRow(redis: Redis, pending: number, events: number, say: (text: string) => void) {
  const sku = skuId(pending % 1_000);
  const engine = createEngine({
    redis,
    configuration: benchConfiguration(1_000),
    options: { keyPrefix: `bench-apply-cost-${pending}` },
  });
  const start = Date.now() - 3_600_000;
  for (let done = 0; done < pending; done += 500) {
    const batch = [];
    for (let index = done; index < Math.min(pending, done + 500); index++) {
      batch.push(receipt(sku, `pending-${index}`, new Date(start + index / 100).toISOString()));
    }
    await engine.ingest({ connection: 'erp', events: batch });
    if (done % 20_000 === 0 && done > 0) say(`engine apply cost: ${done.toLocaleString('en-US')} pending`);
  }
  // Warm-up (script cache, JIT), not counted.
  for (let index = 0; index < 50; index++) {
    await engine.ingest({ connection: 'erp', events: [receipt(sku, `warm-${index}`, new Date().toISOString())] });
  }
  const before = await scriptStats(redis);
  for (let index = 0; index < events; index++) {
    await engine.ingest({ connection: 'erp', events: [receipt(sku, `measured-${index}`, new Date().toISOString())] });
  }
  const after = await scriptStats(redis);
  const quantity = (await engine.quantities(sku, location)).onHand;
  if (quantity !== pending + 50 + events) throw new Error(`apply cost: ${sku} holds ${quantity}, not the events'`);
  return {
    pending,
    events,
    scriptMicrosecondsPerEvent: (after.microseconds - before.microseconds) / events,
    commandsPerEvent: (after.commands - before.commands) / events,
  };
}

/** The bench row of defect #23.1: script time per event at 10 and at 100,000 pending changes, and their ratio. */
export async function measureApplyCost(
  redis: Redis,
  options: { pending?: readonly number[]; events?: number; onProgress?: (text: string) => void } = {},
): Promise<ApplyCostResult> {
  const say = options.onProgress ?? (() => {});
  const rows: ApplyCostRow[] = [];
  for (const pending of options.pending ?? [10, 100_000]) {
    say(`engine apply cost at ${pending.toLocaleString('en-US')} pending changes`);
    rows.push(await measureRow(redis, pending, options.events ?? 2_000, say));
  }
  const first = rows[0]?.scriptMicrosecondsPerEvent ?? 1;
  const ratio = (rows.at(-1)?.scriptMicrosecondsPerEvent ?? first) / first;
  const number = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits });
  const measured = rows
    .map(
      (row) =>
        `${number(row.scriptMicrosecondsPerEvent, 1)} µs script, ${number(row.commandsPerEvent, 1)} commands per event at ${number(row.pending)} pending`,
    )
    .join('; ');
  const markdown =
    '| what | measured | target | bound | ratio |\n| --- | --- | --- | --- | --- |\n' +
    `| engine apply cost (#23.1), one receipt per ingest | ${measured} | ratio ~1 | the 10-pending position, same run | ${number(ratio, 2)}× |\n`;
  return { rows, ratio, markdown };
}

/** Run alone: `node --conditions=@stockwire/source tooling/bench/src/engine/apply-cost.ts`. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await startRedisServer();
  const redis = new Redis(server.url);
  try {
    const say = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
    const result = await measureApplyCost(redis, { onProgress: say });
    const root = fileURLToPath(new URL('../../../..', import.meta.url));
    await mkdir(`${root}bench-results`, { recursive: true });
    await writeFile(`${root}bench-results/engine-apply-cost.json`, `${JSON.stringify(result.rows, null, 2)}\n`);
    process.stdout.write(result.markdown);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}
