import type { SkuState } from './read-sku-state.ts';

/**
 * The SKU states this engine's own apply calls returned, so that planning a push soon after does not read every
 * position of the SKU again (at ten locations a plan read twelve hashes per SKU: #14). An entry is used only for
 * the exact version it was read at: the apply script increments a SKU's version in the same atomic call as any
 * change of its positions, and nothing else writes positions, so a state whose version is still the stored one is
 * the stored state (another runner's apply moves the version on, and the entry simply stops matching).
 *
 * Versions restart from zero if Redis loses its data. So an entry lives only `maximumAgeMs`, the cache empties
 * whenever the connection to Redis is made again (a restart or failover reconnects), and each apply replaces the
 * entry with what it returned rather than keeping the higher version.
 */
export interface SkuStateCache {
  /** Keeps the state an apply call returned (the positions of every channel location, at its version). */
  remember(state: SkuState): void;
  /** The state held for the SKU if it is at exactly `version` and young enough; otherwise undefined. */
  at(sku: string, version: number): SkuState | undefined;
  clear(): void;
  /** Positions held (a SKU without any counts as one), for the bound and for tests. */
  readonly positions: number;
}

interface Entry {
  readonly state: SkuState;
  readonly storedAt: number;
}

export function createSkuStateCache(options: {
  /** Positions held at most; the states remembered longest ago go first. 0 turns the cache off. */
  readonly maximumPositions: number;
  readonly maximumAgeMs: number;
  readonly now?: () => number;
}): SkuStateCache {
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: deleting before setting keeps the oldest remembered first.
  const entries = new Map<string, Entry>();
  let positions = 0;

  // A SKU without positions still costs an entry: it counts as one, so the bound holds for them too.
  const weightOf = (state: SkuState) => Math.max(1, state.positions.size);
  const forget = (sku: string) => {
    const entry = entries.get(sku);
    if (entry === undefined) return;
    entries.delete(sku);
    positions -= weightOf(entry.state);
  };

  // Entries are in the order they were remembered, so the expired ones are the first ones: dropped from the front,
  // on every remember and by a timer while any are held, so an idle engine lets go of them (no timer when empty).
  let sweepTimer: ReturnType<typeof setTimeout> | undefined;
  const sweepExpired = () => {
    const oldestAllowed = now() - options.maximumAgeMs;
    for (const [sku, entry] of entries) {
      if (entry.storedAt >= oldestAllowed) break;
      forget(sku);
    }
  };
  const armSweep = () => {
    if (sweepTimer !== undefined || entries.size === 0) return;
    sweepTimer = setTimeout(() => {
      sweepTimer = undefined;
      sweepExpired();
      armSweep();
    }, options.maximumAgeMs + 1);
    sweepTimer.unref?.();
  };

  return {
    remember(state) {
      sweepExpired();
      forget(state.sku);
      // A SKU with more positions than the whole bound is never kept (the loop below would drop it at once).
      const weight = weightOf(state);
      if (weight > options.maximumPositions) return;
      entries.set(state.sku, { state, storedAt: now() });
      positions += weight;
      while (positions > options.maximumPositions) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        forget(oldest.value);
      }
      armSweep();
    },
    at(sku, version) {
      const entry = entries.get(sku);
      if (entry === undefined || entry.state.version !== version) return undefined;
      if (now() - entry.storedAt > options.maximumAgeMs) {
        forget(sku);
        return undefined;
      }
      return entry.state;
    },
    clear() {
      entries.clear();
      positions = 0;
      if (sweepTimer !== undefined) clearTimeout(sweepTimer);
      sweepTimer = undefined;
    },
    get positions() {
      return positions;
    },
  };
}

interface ReconnectSource {
  on(event: 'ready', listener: () => void): unknown;
}

/** Per Redis client, the caches to empty when it connects again: one listener per client however many engines. */
const cachesByClient = new WeakMap<ReconnectSource, Set<WeakRef<SkuStateCache>>>();

/**
 * Empties the cache whenever `redis` is (re)connected: versions restart if Redis lost its data, as after a restart
 * without persistence or a failover to a replica that was behind. Engines made and dropped over one client (a
 * configuration reload, tests) leave no listener behind: the client holds its caches weakly.
 */
export function clearOnReconnect(redis: ReconnectSource, cache: SkuStateCache): void {
  let caches = cachesByClient.get(redis);
  if (caches === undefined) {
    const held = new Set<WeakRef<SkuStateCache>>();
    caches = held;
    cachesByClient.set(redis, held);
    redis.on('ready', () => {
      for (const reference of held) {
        const found = reference.deref();
        if (found === undefined) held.delete(reference);
        else found.clear();
      }
    });
  }
  // Dropped engines' references go here too, not only at a reconnection, so the set stays as small as the live ones.
  for (const reference of caches) if (reference.deref() === undefined) caches.delete(reference);
  caches.add(new WeakRef(cache));
}
