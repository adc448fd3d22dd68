import type { SandboxClock } from './sandbox-clock.ts';

export interface RateWindowAnswer {
  readonly allowed: boolean;
  /** What ShipBob sends as `x-remaining-calls`. */
  readonly remaining: number;
  /** Whole seconds until the oldest counted call leaves the window (ShipBob's `x-retry-after`), when refused. */
  readonly retryAfterSeconds: number;
}

/**
 * ShipBob's limit as it behaves: at most `limit` requests in any `windowMs` sliding window per user and
 * application, across every API. A refused call is not counted (it never reached the API).
 */
export function createRateWindow(clock: SandboxClock, limit = 150, windowMs = 60_000) {
  const calls = new Map<string, number[]>();
  let stormSeconds: number | undefined;
  return {
    take(account: string): RateWindowAnswer {
      const now = clock.now();
      if (stormSeconds !== undefined) return { allowed: false, remaining: 0, retryAfterSeconds: stormSeconds };
      const recent = (calls.get(account) ?? []).filter((time) => time > now - windowMs);
      if (recent.length >= limit) {
        calls.set(account, recent);
        const oldest = recent[0] ?? now;
        return {
          allowed: false,
          remaining: 0,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1_000)),
        };
      }
      recent.push(now);
      calls.set(account, recent);
      return { allowed: true, remaining: limit - recent.length, retryAfterSeconds: 0 };
    },
    /** Every call is refused with this wait until `calm()`, as when another app of the same user drains the window. */
    storm(retryAfterSeconds: number) {
      stormSeconds = retryAfterSeconds;
    },
    calm() {
      stormSeconds = undefined;
    },
    reset() {
      calls.clear();
      stormSeconds = undefined;
    },
  };
}
export type RateWindow = ReturnType<typeof createRateWindow>;
