/**
 * One of the processes in the shared-account test: it calls a sandbox vendor as fast as the shared limiter
 * allows. Run by the test with `node --conditions=@stockwire/source`; Node strips the types itself.
 *
 * Protocol: argv[2] is JSON settings; the worker prints `ready` once warmed up, starts on a `go` line on stdin,
 * and prints one JSON line with its counts when done.
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { createHttpClient } from '../http/http-client.ts';
import { createRateLimiter } from './rate-limiter.ts';

interface WorkerSettings {
  redisUrl: string;
  vendorUrl: string;
  account: string;
  worker: string;
  ratePerSecond: number;
  burst: number;
  durationMs: number;
}

const settings = JSON.parse(process.argv[2] ?? '{}') as WorkerSettings;
const redis = new Redis(settings.redisUrl);
const limiter = createRateLimiter({
  redis,
  account: settings.account,
  policy: {
    operations: {
      getInventory: { kind: 'token-bucket', ratePerSecond: settings.ratePerSecond, burst: settings.burst },
    },
  },
});
const client = createHttpClient({
  baseURL: settings.vendorUrl,
  headers: { 'x-worker': settings.worker },
  rateFeedback: limiter.observe,
});

// Open the keep-alive connection and load every module before the measured part, so the first measured
// calls are not held back (and then bunched up) by start-up work.
await client.get('/warmup');
await redis.ping();

const lines = createInterface({ input: process.stdin });
process.stdout.write('ready\n');
for await (const line of lines) if (line.trim() === 'go') break;

const stopAt = Date.now() + settings.durationMs;
let calls = 0;
let refusals = 0;
while (Date.now() < stopAt) {
  const decision = await limiter.acquire('getInventory');
  if (!decision.granted) {
    refusals++;
    await sleep(Math.min(decision.waitMs, Math.max(0, stopAt - Date.now())));
    continue;
  }
  await client.get('/inventory', { operation: 'getInventory' });
  calls++;
}
process.stdout.write(`${JSON.stringify({ worker: settings.worker, calls, refusals })}\n`);
lines.close();
redis.disconnect();
