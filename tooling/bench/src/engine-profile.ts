import { loadavg } from 'node:os';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { measureRedisCeiling } from './engine-ceiling.ts';
import { measureEngineThroughput } from './engine-throughput.ts';
import { redisCpuSeconds } from './redis-cpu.ts';

/**
 * Where an event's time goes, without `pnpm bench`: the engine rows (batched, unbatched) and the ceiling, each
 * `rounds` times back to back (medians quoted, with Node's and redis-server's CPU time per event, which a loaded
 * machine moves much less than the rates), with Redis's own accounting per event (calls and microseconds by
 * command, scripts' inner commands included) and the commands Node sent per ingest call (round trips, pipelined
 * or not). `node --cpu-prof` on this file gives the Node side.
 *
 * `node --conditions=@stockwire/source tooling/bench/src/engine-profile.ts [rounds] [batched|unbatched|ceiling]...
 * [no-accounting]` (`no-accounting` skips the slow-log pass, whose reading would dominate a `--cpu-prof` of Node).
 */
const rounds = Number(process.argv[2] ?? 3);
const only = new Set(process.argv.slice(3).filter((argument) => argument !== 'no-accounting'));
const accountingPass = !process.argv.includes('no-accounting');
const server = await startRedisServer();
const redis = new Redis(server.url, { enableAutoPipelining: true });

// Counts what Node sends (each command is one request on the wire; auto-pipelining may share a write between them).
const sent = new Map<string, number>();
const send = redis.sendCommand.bind(redis);
redis.sendCommand = (command, stream) => {
  sent.set(command.name, (sent.get(command.name) ?? 0) + 1);
  return send(command, stream);
};

async function commandStats(): Promise<Map<string, { calls: number; usec: number }>> {
  const stats = new Map<string, { calls: number; usec: number }>();
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line.trim());
    if (match?.[1] !== undefined) stats.set(match[1], { calls: Number(match[2]), usec: Number(match[3]) });
  }
  return stats;
}

/**
 * Redis's own time per top-level script call, by script: with the slow log threshold at 0 every command is logged
 * with its duration (µs, inner commands included) and its first arguments, where the first key names the script.
 */
function scriptOf(args: readonly string[]): string {
  const firstKey = args[3] ?? '';
  if (args[0] !== 'evalsha' && args[0] !== 'eval') return args[0] ?? '?';
  if (firstKey.endsWith(':version')) return 'apply';
  if (firstKey.endsWith(':computed')) return 'project';
  if (firstKey.includes(':dirty:')) return 'mark-dirty';
  if (firstKey.endsWith(':ceiling')) return 'ceiling';
  return 'other script';
}
async function slowLogByScript(): Promise<Map<string, { calls: number; usec: number }>> {
  const entries = (await redis.slowlog('GET', -1)) as Array<[number, number, number, string[]]>;
  const byScript = new Map<string, { calls: number; usec: number }>();
  for (const [, , usec, args] of entries) {
    // A script's own commands are logged too (in capitals, inside its time): only top-level calls are counted.
    if (/^[A-Z]/.test(args[0] ?? '')) continue;
    const name = scriptOf(args);
    const stat = byScript.get(name) ?? { calls: 0, usec: 0 };
    byScript.set(name, { calls: stat.calls + 1, usec: stat.usec + usec });
  }
  return byScript;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const rows = [
  { name: 'batched', batchSize: 500, concurrency: 4 },
  { name: 'unbatched', batchSize: 1, concurrency: 16 },
  { name: 'ceiling', batchSize: 500, concurrency: 4 },
].filter((row) => only.size === 0 || only.has(row.name));
const rates = new Map<string, number[]>();
try {
  process.stdout.write(
    `load at start ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n`,
  );
  // The last pass is the accounting one: the slow log costs Redis time, so its rates are not among the medians.
  for (let round = 0; round < (accountingPass ? rounds + 1 : rounds); round++) {
    const accounting = round === rounds;
    for (const row of rows) {
      const options = {
        label: row.name,
        prefix: `${row.name}-${round}`,
        skuCount: 5_000,
        events: 30_000,
        batchSize: row.batchSize,
        concurrency: row.concurrency,
        seed: 7,
        // The accounting pass divides Redis's totals by one pass's events.
        passes: accounting ? 1 : 5,
      };
      await redis.config('SET', 'slowlog-log-slower-than', accounting ? '0' : '-1');
      await redis.config('SET', 'slowlog-max-len', '2000000');
      await redis.slowlog('RESET');
      const before = await commandStats();
      const redisCpuBefore = await redisCpuSeconds(redis);
      const nodeCpuBefore = process.cpuUsage();
      sent.clear();
      const result =
        row.name === 'ceiling'
          ? await measureRedisCeiling(redis, options)
          : await measureEngineThroughput(redis, options);
      const nodeCpu = process.cpuUsage(nodeCpuBefore);
      const redisCpu = (await redisCpuSeconds(redis)) - redisCpuBefore;
      const after = await commandStats();
      if (!accounting) {
        const passes = row.name === 'ceiling' ? 5 : 1;
        const record = (name: string, value: number) => rates.set(name, [...(rates.get(name) ?? []), value]);
        record(row.name, result.eventsPerSecond);
        // CPU time per event holds up under a loaded machine far better than events per second: the A/B figure.
        record(`${row.name} Node CPU µs/event`, (nodeCpu.user + nodeCpu.system) / result.events / passes);
        record(`${row.name} Redis CPU µs/event`, (redisCpu * 1e6) / result.events / passes);
        continue;
      }
      // Warm-up included: a few per cent of the work.
      const perEvent = [...after]
        .map(([name, stat]) => {
          const earlier = before.get(name) ?? { calls: 0, usec: 0 };
          return {
            name,
            calls: (stat.calls - earlier.calls) / result.events,
            usec: (stat.usec - earlier.usec) / result.events,
          };
        })
        .filter((entry) => entry.calls > 0 && entry.name !== 'info')
        .sort((a, b) => b.usec - a.usec);
      const calls = Math.ceil(result.events / row.batchSize);
      const byScript = [...(await slowLogByScript())].filter(([name]) => name !== 'info' && name !== 'config');
      process.stdout.write(
        `\n${row.name} (accounting pass, slow log on: ${Math.round(result.eventsPerSecond)} events/s)\n` +
          `  Redis per event (calls, µs): ${perEvent.map((entry) => `${entry.name} ${entry.calls.toFixed(2)} ${entry.usec.toFixed(1)}`).join(', ')}\n` +
          `  Redis per event by top-level call (calls, µs): ${byScript.map(([name, stat]) => `${name} ${(stat.calls / result.events).toFixed(3)} ${(stat.usec / result.events).toFixed(1)}`).join(', ')}\n` +
          `  sent by Node per call of ${row.batchSize}: ${[...sent].map(([name, count]) => `${name} ${(count / calls).toFixed(1)}`).join(', ')}\n`,
      );
    }
  }
  for (const [name, values] of rates) {
    process.stdout.write(`${name}: median ${Math.round(median(values))} of ${values.map(Math.round).join(', ')}\n`);
  }
  process.stdout.write(
    `load at end ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n`,
  );
} finally {
  redis.disconnect();
  await server.stop();
}
