import type { Redis } from 'ioredis';
import { benchEvents } from './bench-world.ts';

export interface CeilingResult {
  readonly label: string;
  readonly events: number;
  readonly seconds: number;
  /** The median of the passes: one pass takes a fraction of a second, which one busy moment would skew. */
  readonly eventsPerSecond: number;
  readonly passes: number;
  /** Microseconds Redis spent in the script per event (its own `INFO commandstats` accounting). */
  readonly scriptMicrosecondsPerEvent: number;
}

/**
 * The least work an applied event can cost this Redis: one HSET of one field in the event's SKU hash. Each SKU's
 * hash is a declared key (as the engine's are, so the call is legal on Redis Cluster within one slot); the events
 * come as flat (key index, field, value) triples, with no JSON to decode, no reads and no reply beyond a count.
 */
const ceilingScript = `
for index = 1, #ARGV, 3 do
  redis.call('HSET', KEYS[tonumber(ARGV[index])], ARGV[index + 1], ARGV[index + 2])
end
return #ARGV / 3
`;

async function scriptMicroseconds(redis: Redis): Promise<number> {
  const line = (await redis.info('commandstats')).split('\n').find((entry) => entry.startsWith('cmdstat_evalsha:'));
  return Number(/usec=(\d+)/.exec(line ?? '')?.[1] ?? 0);
}

/**
 * The physical ceiling the engine row is read against: the rate at which this Redis runs that minimal per-SKU
 * script when called the way the engine calls its apply script — the same events (seeded, same SKUs), `batchSize`
 * events per call covering as many SKUs as they touch, `concurrency` calls in flight, on the same connection. What
 * the engine does beyond this (validation, authority, dedupe, ordering, ledger, projection, dirty marks) is the
 * gap between the two rows.
 */
export async function measureRedisCeiling(
  redis: Redis,
  options: {
    label: string;
    prefix: string;
    skuCount: number;
    events: number;
    batchSize: number;
    concurrency: number;
    seed: number;
    /** Times the events are written (each pass rewrites the same fields: the same work). */
    passes?: number;
  },
): Promise<CeilingResult> {
  const passes = options.passes ?? 5;
  const command = `stockwireBenchCeiling`;
  redis.defineCommand(command, { lua: ceilingScript });
  const call = (redis as unknown as Record<string, (...args: Array<string | number>) => Promise<number>>)[command];
  if (call === undefined) throw new Error('the ceiling script was not defined');
  const events = benchEvents(options.events, options.skuCount, options.seed, `${options.prefix}-ceiling`);
  // Arguments are built before timing: the ceiling is Redis's, not the bench's JavaScript.
  const calls: Array<Array<string | number>> = [];
  for (let start = 0; start < events.length; start += options.batchSize) {
    const keyIndex = new Map<string, number>();
    const triples: string[] = [];
    for (const event of events.slice(start, start + options.batchSize)) {
      const key = `{bench-${options.prefix}:sku:${event.sku}}:ceiling`;
      let index = keyIndex.get(key);
      if (index === undefined) {
        index = keyIndex.size + 1;
        keyIndex.set(key, index);
      }
      triples.push(String(index), event.location, event.idempotencyKey);
    }
    calls.push([keyIndex.size, ...keyIndex.keys(), ...triples]);
  }
  const firstCall = calls[0];
  if (firstCall !== undefined) await call.apply(redis, firstCall); // loads the script; counted below too
  const before = await scriptMicroseconds(redis);
  const rates: number[] = [];
  let seconds = 0;
  for (let pass = 0; pass < passes; pass++) {
    let next = 0;
    let written = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < calls.length) {
          const args = calls[next++];
          // Read after the await: `written += await …` would add to the value read before the call.
          const count = args === undefined ? 0 : await call.apply(redis, args);
          written += count;
        }
      }),
    );
    const passSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (written !== events.length) throw new Error(`ceiling: the script wrote ${written} of ${events.length} events`);
    seconds += passSeconds;
    rates.push(events.length / passSeconds);
  }
  const microseconds = (await scriptMicroseconds(redis)) - before;
  return {
    label: options.label,
    events: events.length,
    seconds,
    eventsPerSecond: [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)] ?? Number.NaN,
    passes,
    scriptMicrosecondsPerEvent: microseconds / (events.length * passes),
  };
}
