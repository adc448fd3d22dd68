/**
 * A small deterministic generator (xorshift32 seeded through a splitmix-style scrambler), so a scenario and
 * its faults come out identical for the same seed on every machine. `Math.random` would make runs
 * incomparable; cryptographic quality is not needed.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [minimum, maximum]. */
  integer(minimum: number, maximum: number): number;
  chance(probability: number): boolean;
  pick<Item>(items: readonly Item[]): Item;
  /** Seconds until the next arrival of a Poisson process with this rate per second. */
  exponential(ratePerSecond: number): number;
}

function scramble(value: number): number {
  let mixed = (value + 0x9e3779b9) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
  mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
  mixed = (mixed ^ (mixed >>> 16)) >>> 0;
  // xorshift32 never leaves the all-zero state, so never start there.
  return mixed === 0 ? 0x6d2b79f5 : mixed;
}

export function createSeededRandom(seed: number): SeededRandom {
  let state = scramble(seed);
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  return {
    next,
    integer: (minimum, maximum) => minimum + Math.floor(next() * (maximum - minimum + 1)),
    chance: (probability) => next() < probability,
    pick: (items) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('cannot pick from an empty list');
      return item;
    },
    exponential: (ratePerSecond) => -Math.log(1 - next()) / ratePerSecond,
  };
}

/**
 * A uniform value in [0, 1) fixed by the seed and a key. Faults (drop, duplicate, delay) are decided per event
 * key this way, so the same event meets the same fate in every compared system even though each system's run
 * draws a different number of values.
 */
export function keyedUnit(seed: number, key: string): number {
  // FNV-1a over the key, then scrambled with the seed.
  let hash = 0x811c9dc5;
  for (let index = 0; index < key.length; index++) {
    hash ^= key.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return scramble(scramble(hash) ^ scramble(seed)) / 0x1_0000_0000;
}
