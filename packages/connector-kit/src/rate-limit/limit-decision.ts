/**
 * The answer of every limiter mechanism. It never sleeps: on a refusal the runner delays the job by `waitMs`
 * and the worker is free for other accounts meanwhile.
 */
export type LimitDecision = { granted: true } | { granted: false; waitMs: number };

export function decisionFrom(granted: number, waitMs: number): LimitDecision {
  return granted === 1 ? { granted: true } : { granted: false, waitMs: Math.max(1, Math.ceil(waitMs)) };
}
