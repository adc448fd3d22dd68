import type { RateLimitStorm } from './scenario.ts';
import type { PublishOutcome } from './sync-system.ts';

const accepted: PublishOutcome = { accepted: true };

/** How a connection's API answers a call at this simulated second: 429 with the storm's wait while one is on. */
export function answerAt(storms: readonly RateLimitStorm[], connection: string, seconds: number): PublishOutcome {
  const storm = storms.find(
    (candidate) => candidate.connection === connection && candidate.from <= seconds && seconds < candidate.until,
  );
  if (storm === undefined) return accepted;
  return { accepted: false, status: 429, retryAfterSeconds: storm.retryAfterSeconds };
}
