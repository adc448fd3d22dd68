import { RateLimitedError } from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { recordConnectorCall } from './connector-calls.ts';
import { sampleBetween } from './dashboard-sample.ts';
import { failedSyncRates } from './failed-sync-rate.ts';
import { createLimiterUsage } from './limiter-usage.ts';
import { readMetrics } from './metric-reading.ts';
import { createRunnerMetrics } from './runner-metrics.ts';

const metricsForTest = () => createRunnerMetrics({ dirtyCounts: async () => [], deadLetterCount: async () => 0 });

describe('connector calls by outcome', () => {
  it('labels each call ok, failed or rate-limited, and still counts the rate-limited ones apart', async () => {
    const metrics = metricsForTest();
    const push = { connection: 'shop', operation: 'pushQuantities' };
    expect(recordConnectorCall(metrics, push, { requests: 2 })).toBe('ok');
    expect(recordConnectorCall(metrics, push, { error: new Error('listing is locked') })).toBe('failed');
    const tooFast = new RateLimitedError({ connection: 'shop', retryAfterMs: 1_000 });
    expect(recordConnectorCall(metrics, push, { error: tooFast })).toBe('rate-limited');

    const text = await metrics.registry.metrics();
    expect(text).toContain('stockwire_api_calls_total{connection="shop",operation="pushQuantities",outcome="ok"} 2');
    expect(text).toContain(
      'stockwire_api_calls_total{connection="shop",operation="pushQuantities",outcome="failed"} 1',
    );
    expect(text).toContain(
      'stockwire_api_calls_total{connection="shop",operation="pushQuantities",outcome="rate-limited"} 1',
    );
    expect(text).toContain('stockwire_rate_limited_total{connection="shop",operation="pushQuantities"} 1');
  });

  it('makes the failed-sync rate failed ÷ all, for calls and pushed items apart, over the samples', async () => {
    const metrics = metricsForTest();
    const call = { connection: 'market', operation: 'pushQuantities' };
    const connections = new Map([
      ['market', { name: 'market', connector: {}, limiter: undefined, limiterUsage: createLimiterUsage() }],
    ]);
    const before = await readMetrics(metrics, connections, 0);
    recordConnectorCall(metrics, call, { requests: 3 });
    recordConnectorCall(metrics, call, { error: new Error('502 from the vendor') });
    metrics.pushedItems.inc({ connection: 'market', outcome: 'written' }, 3);
    metrics.pushedItems.inc({ connection: 'market', outcome: 'failed' });
    const after = await readMetrics(metrics, connections, 2_000);

    const gauges = { dirty: new Map(), deadLetters: 0 };
    const samples = [
      sampleBetween(before, after, gauges, connections),
      sampleBetween(after, after, gauges, connections),
    ];
    const rates = failedSyncRates(samples, ['market', 'quiet']);
    expect(rates.market).toEqual({
      calls: 4,
      failedCalls: 1,
      pushedItems: 4,
      failedItems: 1,
      callRate: 0.25,
      itemRate: 0.25,
    });
    expect(rates.quiet).toMatchObject({ calls: 0, callRate: null, itemRate: null });
  });
});
