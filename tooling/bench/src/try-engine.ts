import { startRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { measureEngineThroughput, measureParallelThroughput } from './engine-throughput.ts';

const server = await startRedisServer();
const redis = new Redis(server.url, { enableAutoPipelining: true });
try {
  const common = { skuCount: 5_000, events: 30_000, batchSize: 500, concurrency: 4, seed: 7 };
  for (let i = 0; i < 2; i++)
    console.log(JSON.stringify(await measureEngineThroughput(redis, { prefix: `b${i}`, label: 'batched', ...common })));
  if (process.argv[2] === 'parallel')
    for (const workers of [1, 2, 3])
      console.log(
        workers,
        JSON.stringify(
          await measureParallelThroughput({
            redisUrl: server.url,
            prefix: `p${workers}`,
            label: 'p',
            workers,
            ...common,
          }),
        ),
      );
} finally {
  redis.disconnect();
  await server.stop();
}
