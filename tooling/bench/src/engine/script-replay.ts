import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createEngine } from '@stockwire/engine';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { benchConfiguration, benchEvents } from '../bench-world.ts';

/**
 * Redis's time per event inside the engine's scripts, without Node in the measurement: records the script calls of
 * one engine run (the batched row's work), then replays them on an empty Redis, `rounds` times, and prints each
 * script's microseconds per event (commandstats of EVALSHA, inner commands included). The same calls every time, so
 * two versions of a script (edit, run again with the same recording) compare without the noise of a loaded machine.
 *
 * `node --conditions=@stockwire/source src/engine/script-replay.ts record <file>` then `... replay <file> [rounds]
 * [ingests]`. Timings on a shared machine are noisy; instructions are not: with `REPLAY_CALLGRIND=<pid>:<dir>` it
 * replays against a redis-server already running under `valgrind --tool=callgrind` (at
 * `REPLAY_REDIS_URL`) and prints the instructions redis-server ran per event in each script.
 */
const [mode, file = '/tmp/script-calls.json', roundsArgument = '5', ingestsArgument = '1000000'] =
  process.argv.slice(2);
const external = process.env.REPLAY_REDIS_URL;
const server = external === undefined ? await startRedisServer() : undefined;
const redis = new Redis(external ?? server?.url ?? '');
const [callgrindPid, callgrindDirectory] = (process.env.REPLAY_CALLGRIND ?? '').split(':');

/** Instructions since the last call, from a callgrind dump (collection switched on only around one script). */
function instructions(start: boolean): number {
  if (callgrindPid === undefined || callgrindPid === '' || callgrindDirectory === undefined) return 0;
  if (start) {
    execFileSync('callgrind_control', ['-z', callgrindPid]);
    return 0;
  }
  execFileSync('callgrind_control', ['-d', callgrindPid]);
  const newest = readdirSync(callgrindDirectory)
    .filter((name) => /^callgrind\.out\.\d+\.\d+$/.test(name))
    .map((name) => `${callgrindDirectory}/${name}`)
    .sort((a, b) => Number(a.split('.').at(-1)) - Number(b.split('.').at(-1)))
    .at(-1);
  const totals = /^(?:summary|totals): (\d+)/m.exec(readFileSync(newest ?? '', 'utf8'));
  return Number(totals?.[1] ?? 0);
}

interface RecordedCall {
  readonly script: 'apply' | 'project' | 'mark-dirty';
  readonly body: string;
  readonly args: readonly string[];
}

function scriptOf(args: readonly string[]): RecordedCall['script'] | undefined {
  const firstKey = args[2] ?? '';
  if (firstKey.endsWith(':version')) return 'apply';
  if (firstKey.endsWith(':computed')) return 'project';
  if (firstKey.includes(':dirty:')) return 'mark-dirty';
  return undefined;
}

async function record(): Promise<void> {
  const recorded: RecordedCall[] = [];
  const scripts = new Map<string, string>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, stream) => {
    const args = command.args.map((arg) => String(arg));
    if (command.name === 'evalsha' || command.name === 'eval') {
      const script = scriptOf(args);
      if (script !== undefined) recorded.push({ script, body: args[0] ?? '', args: args.slice(1) });
    }
    return send(command, stream);
  };
  const engine = createEngine({
    redis,
    configuration: benchConfiguration(5_000),
    options: { keyPrefix: 'replay', settleHorizonMs: 3e12, idempotencyRetentionMs: 3e12 },
  });
  const events = benchEvents(30_000, 5_000, 7, 'replay');
  for (let start = 0; start < events.length; start += 500) {
    await engine.ingest({ connection: 'erp', events: events.slice(start, start + 500) });
  }
  for (const entry of recorded) scripts.set(entry.body, entry.body);
  writeFileSync(file, JSON.stringify({ events: events.length, calls: recorded }));
  process.stdout.write(`recorded ${recorded.length} calls for ${events.length} events in ${file}\n`);
}

/** Commands the scripts ran, every one but the replay's own (EVALSHA, INFO, CONFIG). */
function innerCommands(commandStats: string): number {
  let calls = 0;
  for (const match of commandStats.matchAll(/cmdstat_([^:]+):calls=(\d+)/g)) {
    if (!['evalsha', 'info', 'config'].includes(match[1] ?? '')) calls += Number(match[2]);
  }
  return calls;
}

async function stats(): Promise<{ usec: number; cpu: number; commands: number }> {
  const commandStats = await redis.info('commandstats');
  const usec = Number(/cmdstat_evalsha:calls=\d+,usec=(\d+)/.exec(commandStats)?.[1] ?? 0);
  const cpuInfo = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(cpuInfo)?.[1] ?? 0);
  return { usec, cpu: field('used_cpu_user') + field('used_cpu_sys'), commands: innerCommands(commandStats) };
}

async function replay(): Promise<void> {
  const recording = JSON.parse(readFileSync(file, 'utf8')) as { calls: RecordedCall[] };
  // The first `ingests` ingest calls: each starts with its apply call.
  let ingests = 0;
  const calls = recording.calls.filter((call) => {
    if (call.script === 'apply') ingests++;
    return ingests <= Number(ingestsArgument);
  });
  // An apply call's arguments: key count, keys, five values, then one ledger line per event.
  const events = calls
    .filter((call) => call.script === 'apply')
    .reduce((sum, call) => sum + call.args.length - 1 - Number(call.args[0]) - 5, 0);
  // The engine's current scripts, by the script each call ran (the recording's own bodies are only its SHAs).
  const { applyScript } = await import('../../../../packages/engine/src/apply-script.ts');
  const { projectionScript, markDirtyScript } = await import('../../../../packages/engine/src/projection-script.ts');
  const bodies = { apply: applyScript, project: projectionScript, 'mark-dirty': markDirtyScript };
  const shas = new Map<string, string>();
  for (const [name, body] of Object.entries(bodies)) shas.set(name, String(await redis.script('LOAD', body)));
  const perScript = new Map<string, number[]>();
  const instructionsPerEvent = new Map<string, number>();
  const commandsPerEvent = new Map<string, number>();
  for (let round = 0; round < Number(roundsArgument); round++) {
    await redis.flushall();
    for (const script of ['apply', 'project', 'mark-dirty'] as const) {
      await redis.config('RESETSTAT');
      const before = await stats();
      instructions(true);
      for (const call of calls) {
        if (call.script !== script) continue;
        await redis.evalsha(shas.get(script) ?? '', ...(call.args as [string]));
      }
      const executed = instructions(false);
      if (executed > 0) instructionsPerEvent.set(script, executed / events);
      const after = await stats();
      commandsPerEvent.set(script, (after.commands - before.commands) / events);
      const values = perScript.get(script) ?? [];
      values.push((after.usec - before.usec) / events, ((after.cpu - before.cpu) * 1e6) / events);
      perScript.set(script, values);
    }
  }
  for (const [script, count] of instructionsPerEvent) {
    process.stdout.write(`${script}: ${Math.round(count)} redis-server instructions per event (${events} events)\n`);
  }
  process.stdout.write(
    `load ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}\n`,
  );
  for (const [script, values] of perScript) {
    const usec = values.filter((_, index) => index % 2 === 0).sort((a, b) => a - b);
    const cpu = values.filter((_, index) => index % 2 === 1).sort((a, b) => a - b);
    const median = (list: number[]) => list[Math.floor(list.length / 2)] ?? Number.NaN;
    process.stdout.write(
      `${script}: ${(commandsPerEvent.get(script) ?? 0).toFixed(2)} commands per event, min ${(usec[0] ?? Number.NaN).toFixed(2)}, median ${median(usec).toFixed(2)} µs/event inside the script (of ${usec.map((value) => value.toFixed(1)).join(', ')}), redis-server CPU ${median(cpu).toFixed(2)} µs/event\n`,
    );
  }
}

try {
  if (mode === 'record') await record();
  else await replay();
} finally {
  redis.disconnect();
  await server?.stop();
}
