import type { Cluster, Redis } from 'ioredis';
import { applyScript } from './apply-script.ts';
import { markDirtyScript, projectionScript } from './projection-script.ts';
import { reconcileScript } from './reconcile-script.ts';
import { settleDirtyScript, settleSlotScript } from './settle-script.ts';
import { takeDirtyScript } from './take-dirty-script.ts';

export type RedisClient = Redis | Cluster;

/** The engine's Lua scripts as typed functions. ioredis sends EVALSHA and falls back to EVAL on NOSCRIPT. */
export interface EngineScripts {
  /** One flat list: per SKU part its version, outcome codes, then per position its field count and fields (see `apply-script.ts`). */
  apply(keys: readonly string[], values: ReadonlyArray<string | number>): Promise<Array<number | string>>;
  /** Per SKU (its computed and pushed hashes, in `keys` by pairs): the channels of its entries that need a push. */
  project(keys: readonly string[], skus: ReadonlyArray<readonly ProjectionEntry[]>): Promise<string[][]>;
  markDirty(dirtyKey: string, sequenceKey: string, members: readonly string[]): Promise<number>;
  reconcile(pushedKey: string, remoteKey: string, driftKey: string, input: string): Promise<string>;
  settleSlot(keys: readonly string[], entries: string): Promise<number>;
  settleDirty(dirtyKey: string, membersAndScores: ReadonlyArray<string | number>): Promise<[number, number]>;
  /** The oldest unheld dirty members, with scores; whether more wait; the first hold's end ('' when none). */
  takeDirty(dirtyKey: string, heldKey: string, nowMs: number, limit: number): Promise<[string[], number, string]>;
  /** Keys of different hash slots may not share a script call (Redis Cluster); on a single Redis they may. */
  readonly cluster: boolean;
}

/** One computed channel quantity as the projection script stores and compares it. */
export interface ProjectionEntry {
  readonly channel: string;
  readonly version: number;
  readonly quantity: number;
  readonly status: string;
  /** The JSON stored in the computed hash. */
  readonly stored: string;
}

/** The projection script's arguments: per SKU its number of channels, then five per channel. */
function projectionArguments(skus: ReadonlyArray<readonly ProjectionEntry[]>): Array<string | number> {
  const values: Array<string | number> = [];
  for (const entries of skus) {
    values.push(entries.length);
    for (const entry of entries) values.push(entry.channel, entry.version, entry.quantity, entry.status, entry.stored);
  }
  return values;
}

type ScriptCommand = (...keysAndValues: Array<string | number>) => Promise<unknown>;

const commandNames = {
  apply: 'stockwireApply',
  project: 'stockwireProject',
  markDirty: 'stockwireMarkDirty',
  reconcile: 'stockwireReconcile',
  settleSlot: 'stockwireSettleSlot',
  settleDirty: 'stockwireSettleDirty',
  takeDirty: 'stockwireTakeDirty',
} as const;

export function defineEngineScripts(redis: RedisClient): EngineScripts {
  redis.defineCommand(commandNames.apply, { lua: applyScript });
  redis.defineCommand(commandNames.project, { lua: projectionScript });
  redis.defineCommand(commandNames.markDirty, { numberOfKeys: 2, lua: markDirtyScript });
  redis.defineCommand(commandNames.reconcile, { numberOfKeys: 3, lua: reconcileScript });
  redis.defineCommand(commandNames.settleSlot, { lua: settleSlotScript });
  redis.defineCommand(commandNames.settleDirty, { numberOfKeys: 1, lua: settleDirtyScript });
  redis.defineCommand(commandNames.takeDirty, { numberOfKeys: 2, lua: takeDirtyScript });
  // defineCommand adds methods ioredis cannot type; this is the one place they are looked up.
  const command = (name: string) => (redis as unknown as Record<string, ScriptCommand>)[name] as ScriptCommand;
  const bound =
    (name: string): ScriptCommand =>
    (...values) =>
      command(name).apply(redis, values);
  return {
    cluster: redis.isCluster,
    apply: async (keys, values) =>
      (await bound(commandNames.apply)(keys.length, ...keys, ...values)) as Array<number | string>,
    project: async (keys, skus) => {
      // The script answers a flag per entry ('1': needs a push), not the channel names again.
      const flags = (await bound(commandNames.project)(keys.length, ...keys, ...projectionArguments(skus))) as string[];
      return skus.map((entries, index) => {
        const skuFlags = flags[index] ?? '';
        return entries.filter((_, position) => skuFlags[position] === '1').map((entry) => entry.channel);
      });
    },
    markDirty: async (dirtyKey, sequenceKey, members) =>
      (await bound(commandNames.markDirty)(dirtyKey, sequenceKey, ...members)) as number,
    reconcile: async (pushedKey, remoteKey, driftKey, input) =>
      (await bound(commandNames.reconcile)(pushedKey, remoteKey, driftKey, input)) as string,
    settleSlot: async (keys, entries) =>
      (await bound(commandNames.settleSlot)(keys.length, ...keys, entries)) as number,
    settleDirty: async (dirtyKey, membersAndScores) =>
      (await bound(commandNames.settleDirty)(dirtyKey, ...membersAndScores)) as [number, number],
    takeDirty: async (dirtyKey, heldKey, nowMs, limit) =>
      (await bound(commandNames.takeDirty)(dirtyKey, heldKey, nowMs, limit)) as [string[], number, string],
  };
}
