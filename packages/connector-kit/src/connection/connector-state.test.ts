import { describe, expect, it } from 'vitest';
import { createMemoryConnectorState } from './connector-state.ts';

describe('createMemoryConnectorState', () => {
  it('keeps JSON values by key, many at a time, and forgets deleted ones', async () => {
    const state = createMemoryConnectorState();
    await state.setMany([
      ['feed:1', { feedId: '1', skus: ['A'] }],
      ['feed-of:A', '1'],
    ]);
    expect(await state.get('feed:1')).toEqual({ feedId: '1', skus: ['A'] });
    expect(await state.getMany(['feed-of:A', 'feed-of:B'])).toEqual(['1', undefined]);
    await state.delete('feed-of:A');
    expect(await state.get('feed-of:A')).toBeUndefined();
  });

  it('hands out copies, so a caller changing a value does not change what is stored', async () => {
    const state = createMemoryConnectorState();
    const value = { outcomes: {} as Record<string, boolean> };
    await state.set('feed:2', value);
    value.outcomes.A = true;
    expect(await state.get('feed:2')).toEqual({ outcomes: {} });
  });
});
