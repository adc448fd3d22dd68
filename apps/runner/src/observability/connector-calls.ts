import { RateLimitedError } from '@stockwire/connector-spec';
import type { RunnerMetrics } from './runner-metrics.ts';

/** How one connector call ended, as `stockwire_api_calls_total{outcome}` counts it. */
export type CallOutcome = 'ok' | 'failed' | 'rate-limited';
export const callOutcomes: readonly CallOutcome[] = ['ok', 'failed', 'rate-limited'];

/** `rate-limited` when the vendor (or the shared limiter) said "too fast", else `failed`. */
export function callOutcomeOf(error: unknown): Exclude<CallOutcome, 'ok'> {
  return RateLimitedError.isInstance(error) ? 'rate-limited' : 'failed';
}

/**
 * Counts connector calls with their outcome, the one place the runner does so: pass `{ error }` for a call that
 * threw. A rate-limited call also counts in `stockwire_rate_limited_total`, as before. `requests` is how many
 * vendor requests the call made (`PushResultV2.requestsMade`); a call that threw counts as one.
 */
export function recordConnectorCall(
  metrics: Pick<RunnerMetrics, 'apiCalls' | 'rateLimited'>,
  call: { readonly connection: string; readonly operation: string },
  result: { readonly requests?: number } | { readonly error: unknown },
): CallOutcome {
  const labels = { connection: call.connection, operation: call.operation };
  if ('error' in result) {
    const outcome = callOutcomeOf(result.error);
    metrics.apiCalls.inc({ ...labels, outcome });
    if (outcome === 'rate-limited') metrics.rateLimited.inc(labels);
    return outcome;
  }
  metrics.apiCalls.inc({ ...labels, outcome: 'ok' }, result.requests ?? 1);
  return 'ok';
}
