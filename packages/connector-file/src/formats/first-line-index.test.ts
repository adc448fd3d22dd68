import { seededRandom } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { FirstLineIndex } from './first-line-index.ts';

describe('FirstLineIndex', () => {
  it('answers exactly as a map of first lines would, for repeated and new keys alike', () => {
    const random = seededRandom(14);
    const alphabet = ['a', 'b', '0', '1', '-', 'é', '漢', '😀', '"', ','];
    const index = new FirstLineIndex();
    const expected = new Map<string, number>();
    for (let line = 1; line <= 50_000; line++) {
      // Short keys from a small alphabet repeat often; longer ones rarely, and the table grows many times.
      const length = 1 + Math.floor(random() * (random() < 0.5 ? 3 : 12));
      const key = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const earlier = expected.get(key);
      if (earlier === undefined) expected.set(key, line);
      expect(index.claim(key, line)).toBe(earlier);
    }
    // Both kinds were exercised, not only one.
    expect(expected.size).toBeGreaterThan(10_000);
    expect(expected.size).toBeLessThan(50_000);
  });

  it('never takes two different keys for one, whatever their hashes', () => {
    const index = new FirstLineIndex();
    // Keys that differ only in their last character, in length, or in case; and a prefix of another key.
    const keys = ['a1', 'a10', 'a100', 'A1', 'a', '', 'a1 ', ' a1', 'a\u00001'];
    keys.forEach((key, offset) => {
      expect(index.claim(key, offset + 1)).toBeUndefined();
    });
    keys.forEach((key, offset) => {
      expect(index.claim(key, 100 + offset)).toBe(offset + 1);
    });
  });

  it('remembers the first line of keys too long for its byte table', () => {
    const index = new FirstLineIndex();
    const long = 'x'.repeat(70_000);
    expect(index.claim(long, 3)).toBeUndefined();
    expect(index.claim(`${long}y`, 4)).toBeUndefined();
    expect(index.claim(long, 9)).toBe(3);
    expect(index.claim('x', 10)).toBeUndefined();
  });

  it('keeps line numbers past 16 bits and up to the largest a file can have', () => {
    const index = new FirstLineIndex();
    expect(index.claim('late', 4_000_000_000)).toBeUndefined();
    expect(index.claim('late', 4_000_000_001)).toBe(4_000_000_000);
  });
});
