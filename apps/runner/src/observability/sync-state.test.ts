import { describe, expect, it } from 'vitest';
import { syncStateOf } from './sync-state.ts';

const computed = (version: number) => ({
  quantity: 5,
  status: 'in-stock' as const,
  version,
  computedAt: '2026-12-03T08:00:00Z',
});
const pushed = (version: number, quantity = 5) => ({
  quantity,
  status: 'in-stock' as const,
  version,
  pushedAt: '2026-12-03T08:00:01Z',
});

describe('syncStateOf', () => {
  it('tells pending, in sync and not computed apart by versions', () => {
    expect(syncStateOf({})).toBe('not-computed');
    expect(syncStateOf({ computed: computed(1) })).toBe('pending');
    expect(syncStateOf({ computed: computed(2), pushed: pushed(1) })).toBe('pending');
    expect(syncStateOf({ computed: computed(2), pushed: pushed(2) })).toBe('in-sync');
  });

  it('says the channel differs only when it was seen showing something else after the push', () => {
    const seen = (quantity: number, observedAt: string) => ({ quantity, observedAt });
    const base = { computed: computed(2), pushed: pushed(2) };
    expect(syncStateOf({ ...base, remote: seen(1, '2026-12-03T08:00:02Z') })).toBe('differs');
    expect(syncStateOf({ ...base, remote: seen(1, '2026-12-03T07:59:00Z') })).toBe('in-sync');
    expect(syncStateOf({ ...base, remote: seen(5, '2026-12-03T08:00:02Z') })).toBe('in-sync');
  });
});
