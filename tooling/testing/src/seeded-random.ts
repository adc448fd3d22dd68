/**
 * A deterministic pseudo-random source in [0, 1) (mulberry32), for tests and benchmarks: the same seed gives the
 * same sequence on every machine, so a failing sequence can be run again and every bench run measures the same
 * work. Small and fast; not for anything that needs cryptographic quality.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
