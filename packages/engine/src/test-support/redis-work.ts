import type { Redis } from 'ioredis';

/**
 * Counts the work Redis did, by command, from `INFO commandstats` (commands a script runs are counted too). Work
 * is counted in commands, never in time: a test asserts how the work grows, which a busy machine cannot change.
 */
export async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const calls = new Map<string, number>();
  for (const line of (await redis.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match?.[1] !== undefined) calls.set(match[1], Number(match[2]));
  }
  return calls;
}

/** The test's own reads of the statistics, not work the engine did. */
const bookkeeping = new Set(['info', 'config|resetstat', 'config', 'ping', 'client|setinfo', 'client', 'select']);
const scriptCommands = new Set(['evalsha', 'eval', 'script|load', 'script']);

export interface RedisWork {
  /** Script calls (EVALSHA/EVAL) the engine made. */
  readonly scriptCalls: number;
  /** Every other command: the engine's own and those its scripts ran. */
  readonly commands: number;
}

/** The work done while `action` ran (nothing else may use this Redis meanwhile). */
export async function measureWork(redis: Redis, action: () => Promise<unknown>): Promise<RedisWork> {
  const before = await commandCalls(redis);
  await action();
  const after = await commandCalls(redis);
  let scriptCalls = 0;
  let commands = 0;
  for (const [name, count] of after) {
    const done = count - (before.get(name) ?? 0);
    if (bookkeeping.has(name)) continue;
    if (scriptCommands.has(name)) scriptCalls += done;
    else commands += done;
  }
  return { scriptCalls, commands };
}
