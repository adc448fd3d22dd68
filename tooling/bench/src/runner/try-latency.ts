import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { benchSizes } from '../bench-sizes.ts';
import { type LatencyRow, latencyStagesSection, latencyTableRows } from '../render-latency.ts';
import { type LatencyArrival, measurePushLatency } from './push-latency.ts';

/**
 * Only the latency phases of `pnpm bench`, at the default run's sizes, for looking into them without the rest (#14):
 * `node --conditions=@stockwire/source src/runner/try-latency.ts 500:webhook 2000:webhook 2000:job-per-tick`
 * (rate:arrival, each run once in the order given; default the bench's own rows). Prints one line of figures per
 * row and the load average around it, then the rows as BENCHMARKS.md renders them. With `BENCH_PROFILE=<folder>`, the runner's thread is profiled over each
 * measured phase (one `.cpuprofile` per row, for Chrome DevTools or speedscope).
 */
const profileFolder = process.env.BENCH_PROFILE;
const session = profileFolder === undefined ? undefined : new Session();
session?.connect();
await session?.post('Profiler.enable');
const requested = process.argv.slice(2).map((argument) => {
  const [rate, arrival] = argument.split(':');
  return { eventsPerSecond: Number(rate), arrival: (arrival ?? 'webhook') as LatencyArrival };
});
const sizes = benchSizes(false);
const rows = requested.length > 0 ? requested : sizes.latencyRows;
const server = await startRedisServer();
const redis = new Redis(server.url);
const round = (value: number, digits = 0) => Number(value.toFixed(digits));
const rendered: LatencyRow[] = [];
try {
  for (const row of rows) {
    await redis.flushall();
    const result = await measurePushLatency({
      redisUrl: server.url,
      ...sizes.latency,
      ...row,
      debounceMs: 250,
      onProgress: (text) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`),
      onPhase: async (phase) => {
        if (session === undefined) return;
        if (phase === 'start') await session.post('Profiler.start');
        else {
          const { profile } = await session.post('Profiler.stop');
          await writeFile(`${profileFolder}/${row.eventsPerSecond}-${row.arrival}.cpuprofile`, JSON.stringify(profile));
        }
      },
    });
    // The target for the rate (1 s at 500 events/s, 2 s at 2,000).
    const targetP99Ms = row.eventsPerSecond <= 500 ? 1_000 : 2_000;
    rendered.push({ ...result, targetP99Ms });
    const stages = Object.fromEntries(
      result.stages.map((stage) => [
        stage.stage,
        `p50 ${round(stage.p50Ms, 1)} / p99 ${round(stage.p99Ms, 1)} ms (${stage.count})`,
      ]),
    );
    console.log(
      JSON.stringify({
        eventsPerSecond: result.eventsPerSecond,
        arrival: result.arrival,
        events: result.events,
        p50Ms: round(result.p50Ms),
        p99Ms: round(result.p99Ms),
        maximumMs: round(result.maximumMs),
        mutations: result.mutations,
        load: { start: round(result.load.start, 2), end: round(result.load.end, 2), now: round(loadavg()[0] ?? 0, 2) },
        runnerCpu: {
          microsecondsPerEvent: round(result.runnerCpu.microsecondsPerEvent),
          eventLoopUtilization: round(result.runnerCpu.eventLoopUtilization, 2),
        },
        webhooks: result.webhooks,
        stages,
      }),
    );
  }
  process.stderr.write(`\n${latencyTableRows(rendered).join('\n')}\n\n${latencyStagesSection(rendered)}\n`);
} finally {
  redis.disconnect();
  await server.stop();
}
