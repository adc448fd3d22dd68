import { describe, expect, it } from 'vitest';
import { readLastExport } from './last-export-state.ts';

const stored = (values: unknown[]) => `${JSON.stringify({ version: 1, values })}\n`;
const cap = { channel: 'web', sku: 'CAP', location: '' };
const mug = { channel: 'web', sku: 'MUG', location: 'WH1' };

describe('the last export state file', () => {
  it('answers for the places a push asks about, and writes every other entry back unchanged and in place', () => {
    const text = stored([
      ['web', 'HAT', '', 4, 'in-stock'],
      ['web', 'CAP', '', 1, 'in-stock'],
      ['market', 'CAP', '', 7, 'in-stock'],
    ]);
    const state = readLastExport(text, [cap, mug]);
    expect(state.lastValue(cap)).toEqual({ quantity: 1, status: 'in-stock' });
    expect(state.lastValue(mug)).toBeUndefined();
    state.record({ ...cap, quantity: 0, status: 'out-of-stock' });
    state.record({ ...mug, quantity: 3, status: 'in-stock' });
    state.record({ ...mug, quantity: 5, status: 'in-stock' });
    expect(state.serialize()).toBe(
      stored([
        ['web', 'HAT', '', 4, 'in-stock'],
        ['web', 'CAP', '', 0, 'out-of-stock'],
        ['market', 'CAP', '', 7, 'in-stock'],
        ['web', 'MUG', 'WH1', 5, 'in-stock'],
      ]),
    );
  });

  it('reads the last of repeated entries, as a map of the whole file did', () => {
    const text = stored([
      ['web', 'CAP', '', 1, 'in-stock'],
      ['web', 'CAP', '', 2, 'in-stock'],
    ]);
    expect(readLastExport(text, [cap]).lastValue(cap)).toEqual({ quantity: 2, status: 'in-stock' });
  });

  it.each([
    ['missing', undefined],
    ['not JSON', '{ not json'],
    ['another version', JSON.stringify({ version: 2, values: [['web', 'CAP', '', 1, 'in-stock']] })],
    [
      'an entry of another shape',
      stored([
        ['web', 'CAP', '', 1, 'in-stock'],
        ['web', 'MUG', '', '2', 'in-stock'],
      ]),
    ],
    ['an entry with more fields', stored([['web', 'CAP', '', 1, 'in-stock', 'extra']])],
    ['values that are not a list', JSON.stringify({ version: 1, values: {} })],
  ])('takes a state file that is %s as nothing exported yet', (_, text) => {
    const state = readLastExport(text, [cap]);
    expect(state.lastValue(cap)).toBeUndefined();
    state.record({ ...cap, quantity: 1, status: 'in-stock' });
    expect(state.serialize()).toBe(stored([['web', 'CAP', '', 1, 'in-stock']]));
  });
});
