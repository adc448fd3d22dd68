import { describe, expect, it } from 'vitest';
import { createRunnerMetrics } from './runner-metrics.ts';

describe('runner metrics', () => {
  it("names Node's process metrics stockwire_process_* and stockwire_nodejs_*, never stockwire_process_process_* (issue #13.8)", async () => {
    const metrics = createRunnerMetrics({ dirtyCounts: async () => [], deadLetterCount: async () => 0 });
    const text = await metrics.registry.metrics();
    const names = new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((match) => match[1] ?? ''));

    expect(names).toContain('stockwire_process_cpu_seconds_total');
    expect(names).toContain('stockwire_process_resident_memory_bytes');
    expect(names).toContain('stockwire_nodejs_heap_size_used_bytes');
    expect([...names].filter((name) => name.includes('process_process'))).toEqual([]);
    // Every metric the runner serves is ours: nothing without the stockwire_ prefix.
    expect([...names].filter((name) => !name.startsWith('stockwire_'))).toEqual([]);
  });
});
