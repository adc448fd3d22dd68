import { bucketKey } from './bucket-keys.ts';
import { defineRedisScript, type RedisConnection } from './redis-script.ts';

// Extends a pause but never shortens it: two processes reporting 429s with different waits keep the longer.
const pauseScript = defineRedisScript(`
local remaining = redis.call('PTTL', KEYS[1])
local requested = tonumber(ARGV[1])
if remaining < requested then
  redis.call('SET', KEYS[1], '1', 'PX', requested)
end
return 1
`);

/**
 * Stops every process from using a bucket for `durationMs`: when the vendor says "slow down" to one process, it
 * means the account, so all of them back off.
 */
export async function pauseBucket(
  redis: RedisConnection,
  account: string,
  bucket: string,
  durationMs: number,
): Promise<void> {
  if (!(durationMs > 0)) return;
  await pauseScript.run(redis, [bucketKey(account, 'pause', bucket)], [Math.ceil(durationMs)]);
}
