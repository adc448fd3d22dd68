import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { measureEngineThroughput } from './engine-throughput.ts';
import { redisCpuSeconds } from './redis-cpu.ts';

const server = await startRedisServer();
const redis = new Redis(server.url, { enableAutoPipelining: true });
const redisCpu = () => redisCpuSeconds(redis);
try {
  const common = { skuCount: 5_000, events: 30_000, batchSize: 500, concurrency: 4, seed: 7 };
  for (let i = 0; i < 4; i++) {
    const node = process.cpuUsage();
    const redisBefore = await redisCpu();
    const result = await measureEngineThroughput(redis, { prefix: `b${i}`, label: 'batched', ...common });
    const used = process.cpuUsage(node);
    const nodeUs = (used.user + used.system) / result.events;
    const redisUs = (((await redisCpu()) - redisBefore) * 1e6) / result.events;
    console.log(
      `run ${i}: ${Math.round(result.eventsPerSecond)} ev/s, Node ${nodeUs.toFixed(1)} µs/event, Redis ${redisUs.toFixed(1)} µs/event`,
    );
  }
} finally {
  redis.disconnect();
  await server.stop();
}
