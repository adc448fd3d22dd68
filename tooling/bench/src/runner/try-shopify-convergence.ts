import { loadavg } from 'node:os';
import { shopifyMaxBatchSize } from '@stockwire/connector-shopify';
import { standardPlan } from '@stockwire/connector-shopify/sandbox';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { redisCpuSeconds } from '../redis-cpu.ts';
import { loadShopifyCatalog } from './load-shopify-catalog.ts';
import { readPushStages } from './push-stages.ts';
import { mutationCost, phaseOf, sendPhase } from './shopify-push.ts';
import { createBenchStore, sandboxEnvironmentOf, shopifySettingsOf } from './shopify-store.ts';
import { startVendorWorld, type VendorWorld, vendorConnection } from './vendor-world.ts';

/**
 * Only the Shopify convergence phase of `pnpm bench` (issue #14), at the sizes given (default 20,000 and 50,000),
 * on one store loaded once, with a timeline of where the time goes: the runner's own stage histograms
 * (`stockwire_push_stage_seconds`), when the last event was applied, each mutation the sandbox saw (when, how many
 * quantities, THROTTLED or not), the bucket level, the dirty count, and how long each flush spent planning, in the
 * vendor call and settling. Wrapping the engine and connector methods is for this diagnosis only; nothing here is
 * a test.
 *
 *   node --conditions=@stockwire/source tooling/bench/src/runner/try-shopify-convergence.ts 20000 50000
 */
// `50000/1` runs that size with one batch per flush (the runner before push-batches.ts), for an A/B on one store.
const rounds = process.argv
  .slice(2)
  .map((argument) => ({ size: Number(argument.split('/')[0]), oneBatch: argument.endsWith('/1') }))
  .filter((round) => round.size > 0);
if (rounds.length === 0) rounds.push({ size: 20_000, oneBatch: false }, { size: 50_000, oneBatch: false });
const sizes = rounds.map((round) => round.size);
const locationCount = 10;
const skuCount = Math.ceil(Math.max(...sizes) / locationCount);
const say = (text: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);

interface Span {
  readonly what: string;
  readonly start: number;
  readonly end: number;
  readonly items: number;
}

const server = await startRedisServer();
const skus = Array.from({ length: skuCount }, (_, index) => `SKU-${String(index).padStart(6, '0')}`);
const store = await createBenchStore(skus, locationCount);
let world: VendorWorld | undefined;
try {
  say(`load ${loadavg().map((value) => value.toFixed(2))}; ${skuCount} SKUs × ${locationCount} locations`);
  world = await startVendorWorld({
    name: 'shopify',
    vendor: 'shopify',
    skuCount,
    vendorLocations: store.vendorLocations,
    settings: shopifySettingsOf(store.sandbox),
    environment: sandboxEnvironmentOf(store.sandbox),
    redisUrl: server.url,
    seedValue: 0,
    warmUp: loadShopifyCatalog,
  });
  const spans: Span[] = [];
  instrument(world, spans);
  let clock = Date.now() - 30 * 60_000;
  const occurredAt = () => new Date(clock++).toISOString();
  const limiter = world.runner.connections.get(vendorConnection)?.limiter;
  const headroom = limiter?.headroom.bind(limiter);
  for (const [round, { size, oneBatch }] of rounds.entries()) {
    await store.bucketFull();
    // batchesForFlush asks the emptiest bucket (no operation); flush pacing asks for pushQuantities, left as it is.
    if (limiter !== undefined && headroom !== undefined) {
      (limiter as { headroom: typeof headroom }).headroom = (operation) =>
        oneBatch && operation === undefined ? Promise.resolve(0) : headroom(operation);
    }
    // The histograms and spans of this size alone.
    world.runner.metrics.pushStageSeconds.reset();
    spans.length = 0;
    const availableAtStart = store.sandbox.throttleStatus().currentlyAvailable;
    const callsBefore = store.sandbox.server.calls.length;
    const samples: { at: number; bucket: number; dirty: number; applied: number }[] = [];
    const started = performance.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [dirty, applied] = await Promise.all([
          world.runner.engine.dirtyCount(vendorConnection),
          eventsApplied(world),
        ]);
        const bucket = store.sandbox.throttleStatus().currentlyAvailable;
        samples.push({ at: performance.now() - started, bucket, dirty, applied });
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const phase = phaseOf(size, (position) => 1_000 * (round + 1) + (position % 50), size);
    const appliedBefore = await eventsApplied(world);
    const redisBefore = await redisWork(server.url);
    const nodeBefore = process.cpuUsage();
    const result = await sendPhase(world, store, phase, occurredAt);
    const nodeCpu = process.cpuUsage(nodeBefore);
    const redisAfter = await redisWork(server.url);
    sampling = false;
    await sampler;
    const minimumMutations = Math.ceil(size / shopifyMaxBatchSize);
    const boundSeconds = Math.max(0, minimumMutations * mutationCost - availableAtStart) / standardPlan.restoreRate;
    const eventsSent = phase.changes.size + phase.repeats.size;
    // The end of the last engine.ingest call: when every event of the phase had been applied.
    const ingests = spans.filter((span) => span.what === 'ingest');
    const lastApplied = ingests.length === 0 ? undefined : Math.max(...ingests.map((span) => span.end)) - started;
    console.log(
      `\n== ${size.toLocaleString('en-US')} changes${oneBatch ? ' (one batch per flush)' : ''}: ${result.seconds.toFixed(1)} s, bound ${boundSeconds.toFixed(1)} s ` +
        `= ${(result.seconds / boundSeconds).toFixed(2)}×; mutations ${result.writeCalls} (min ${minimumMutations}), ` +
        `calls ${result.allCalls}, throttled ${result.throttled}, unchanged re-sent ${result.unchangedResent}; ` +
        `${ingests.reduce((sum, span) => sum + span.items, 0)} of ${eventsSent} events applied by ${lastApplied === undefined ? '?' : (lastApplied / 1_000).toFixed(1)} s ` +
        `(received by ${result.appliedSeconds?.toFixed(1)} s); load ${loadavg()[0]?.toFixed(2)}`,
    );
    // CPU per event whatever the machine's load: redis-server's own accounting, this process's (runner and sandbox).
    const perEvent = (microseconds: number) => (microseconds / eventsSent).toFixed(1);
    console.log(
      `CPU per event: redis-server ${perEvent((redisAfter.cpu - redisBefore.cpu) * 1e6)} µs, this process ` +
        `${perEvent(nodeCpu.user + nodeCpu.system)} µs; Redis per event by command (µs, calls):`,
    );
    console.table(
      [...redisAfter.commands]
        .map(([command, after]) => {
          const before = redisBefore.commands.get(command) ?? { calls: 0, usec: 0 };
          return {
            command,
            usec: Number(perEvent(after.usec - before.usec)),
            calls: Number(perEvent(after.calls - before.calls)),
          };
        })
        .filter((row) => row.calls > 0)
        .sort((a, b) => b.usec - a.usec)
        .slice(0, 15),
    );
    console.table(
      (await readPushStages(world.runner)).map((stage) => ({
        stage: stage.stage,
        count: stage.count,
        meanMs: Math.round(stage.meanMs),
        p50Ms: Math.round(stage.p50Ms),
        p99Ms: Math.round(stage.p99Ms),
        totalS: ((stage.count * stage.meanMs) / 1_000).toFixed(1),
      })),
    );
    const mutations = store.sandbox.server.calls.slice(callsBefore).flatMap((call) => {
      const body = call.json as { query?: string; variables?: { input?: { quantities?: unknown[] } } } | undefined;
      if (!/inventorySetQuantities/.test(body?.query ?? '')) return [];
      const throttled = JSON.stringify(call.response?.body ?? '').includes('THROTTLED');
      const at = call.time - performance.timeOrigin - started;
      return [{ at, quantities: body?.variables?.input?.quantities?.length ?? 0, throttled }];
    });
    const seconds = Math.ceil(Math.max(result.seconds, ...mutations.map((entry) => entry.at / 1_000)));
    const perSecond = Array.from({ length: seconds }, (_, second) => {
      const inSecond = mutations.filter((entry) => Math.floor(entry.at / 1_000) === second);
      const sampled = samples.filter((sample) => Math.floor(sample.at / 1_000) === second);
      const spansIn = (what: string) =>
        spans.filter((span) => span.what === what && Math.floor((span.start - started) / 1_000) === second);
      const busy = (what: string) => spansIn(what).reduce((sum, span) => sum + span.end - span.start, 0);
      return {
        second,
        sent: inSecond.filter((entry) => !entry.throttled).length,
        throttled: inSecond.filter((entry) => entry.throttled).length,
        underFull: inSecond.filter((entry) => !entry.throttled && entry.quantities < shopifyMaxBatchSize).length,
        quantities: inSecond.reduce((sum, entry) => sum + (entry.throttled ? 0 : entry.quantities), 0),
        bucketMin: Math.min(...sampled.map((sample) => sample.bucket)),
        bucketMax: Math.max(...sampled.map((sample) => sample.bucket)),
        dirty: sampled.at(-1)?.dirty,
        applied: (sampled.at(-1)?.applied ?? appliedBefore) - appliedBefore,
        ingestMs: Math.round(busy('ingest')),
        planMs: Math.round(busy('plan')),
        pushMs: Math.round(busy('push')),
        settleMs: Math.round(busy('settle')),
      };
    });
    console.table(perSecond);
    const gaps = mutations.slice(1).map((entry, index) => entry.at - (mutations[index]?.at ?? 0));
    const plans = spans.filter((span) => span.what === 'plan');
    const pushes = spans.filter((span) => span.what === 'push');
    const settles = spans.filter((span) => span.what === 'settle');
    const mean = (list: readonly Span[]) =>
      list.length === 0 ? 0 : list.reduce((sum, span) => sum + span.end - span.start, 0) / list.length;
    console.log(
      `mutation gaps: mean ${Math.round(gaps.reduce((sum, gap) => sum + gap, 0) / Math.max(1, gaps.length))} ms, ` +
        `max ${Math.round(Math.max(0, ...gaps))} ms; plan ${plans.length}× mean ${Math.round(mean(plans))} ms, ` +
        `push ${pushes.length}× mean ${Math.round(mean(pushes))} ms, settle ${settles.length}× mean ${Math.round(mean(settles))} ms; ` +
        `first mutation at ${((mutations[0]?.at ?? 0) / 1_000).toFixed(2)} s, under-full mutations ` +
        `${mutations.filter((entry) => !entry.throttled && entry.quantities < shopifyMaxBatchSize).length}`,
    );
  }
} finally {
  await world?.close();
  await store.close();
  await server.stop();
}

/** redis-server's CPU seconds so far and its per-command accounting (calls, µs; a script's inner commands too). */
async function redisWork(url: string) {
  const client = new Redis(url);
  try {
    const commands = new Map<string, { calls: number; usec: number }>();
    for (const line of (await client.info('commandstats')).split('\n')) {
      const found = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
      if (found) commands.set(found[1] ?? '', { calls: Number(found[2]), usec: Number(found[3]) });
    }
    return { cpu: await redisCpuSeconds(client), commands };
  } finally {
    client.disconnect();
  }
}

async function eventsApplied(world: VendorWorld): Promise<number> {
  const metric = await world.runner.metrics.eventsApplied.get();
  return metric.values.reduce((sum, entry) => sum + entry.value, 0);
}

/** Times the engine's ingest, plan and settle and the connector's push, as the pipeline calls them. */
function instrument(world: VendorWorld, spans: Span[]): void {
  const { engine } = world.runner;
  const timed = <Arguments extends unknown[], Result>(
    what: string,
    call: (...input: Arguments) => Promise<Result>,
    itemsOf: (input: Arguments) => number,
  ) => {
    return async (...input: Arguments): Promise<Result> => {
      const start = performance.now();
      try {
        return await call(...input);
      } finally {
        spans.push({ what, start, end: performance.now(), items: itemsOf(input) });
      }
    };
  };
  const mutable = engine as unknown as Record<string, unknown>;
  mutable.ingest = timed('ingest', engine.ingest.bind(engine), ([input]) => input.events?.length ?? 0);
  mutable.planPush = timed('plan', engine.planPush.bind(engine), () => 0);
  mutable.settlePush = timed('settle', engine.settlePush.bind(engine), ([, plan]) => plan.items.length);
  const push = world.runner.connections.get(vendorConnection)?.connector.push;
  if (push !== undefined) {
    const mutablePush = push as unknown as Record<string, unknown>;
    mutablePush.push = timed('push', push.push.bind(push), ([request]) => request.items.length);
  }
}
