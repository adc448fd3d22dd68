import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { measureEngineThroughput, type ThroughputResult } from './engine-throughput.ts';
import { type MemoryResult, measureRedisMemory } from './redis-memory.ts';
import { renderBenchmarks } from './render-benchmarks.ts';

/**
 * `pnpm bench`: measures what can be measured today against a real redis-server started here, prints the table,
 * writes bench-results/benchmarks.json and rewrites BENCHMARKS.md. `--full` adds the 1,000,000-position run.
 */
const full = process.argv.includes('--full');
const root = fileURLToPath(new URL('../../..', import.meta.url));
const server = await startRedisServer();
const redis = new Redis(server.url, { enableAutoPipelining: true });
const progress = (label: string) => (done: number, total: number) =>
  process.stderr.write(`\r${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}   `);

try {
  const throughput: ThroughputResult[] = [];
  for (const [prefix, label, batchSize, concurrency] of [
    ['batched', 'batched (500 events per call, 4 in flight)', 500, 4],
    ['unbatched', 'unbatched (1 event per call, 16 in flight)', 1, 16],
  ] as const) {
    process.stderr.write(`engine throughput, ${label}…\n`);
    const options = { prefix, label, skuCount: 5_000, events: 30_000, batchSize, concurrency, seed: 7 };
    throughput.push(await measureEngineThroughput(redis, options));
  }
  const memory: MemoryResult[] = [];
  for (const positions of full ? [100_000, 1_000_000] : [100_000]) {
    const report = progress(`Redis memory, ${positions.toLocaleString('en-US')} positions`);
    memory.push(await measureRedisMemory(redis, positions, (done) => report(done, positions)));
    process.stderr.write('\n');
  }
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    redis: redisVersion,
    date: new Date().toISOString(),
  };
  const results = { machine, throughput, memory };
  await mkdir(`${root}bench-results`, { recursive: true });
  await writeFile(`${root}bench-results/benchmarks.json`, `${JSON.stringify(results, null, 2)}\n`);
  const markdown = renderBenchmarks(results);
  await writeFile(`${root}BENCHMARKS.md`, markdown);
  process.stdout.write(markdown);
} finally {
  redis.disconnect();
  await server.stop();
}
