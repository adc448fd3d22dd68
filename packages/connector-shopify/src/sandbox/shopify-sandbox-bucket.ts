/**
 * Shopify's leaky bucket of query-cost points, per app and store: a query is refused (THROTTLED, HTTP 200) when it
 * requests more than the bucket holds; after it runs, the difference between requested and actual cost goes back.
 * https://shopify.dev/docs/api/usage/limits#the-leaky-bucket-algorithm
 */
export interface SandboxCostBucket {
  /** Takes `requested` points, or answers false (and takes nothing) when the bucket holds less. */
  take(requested: number): boolean;
  /** Returns points charged but not used. */
  refund(points: number): void;
  /** Empties the bucket down to `available`, as calls made by another process of the same app would. */
  drainTo(available: number): void;
  status(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
  reset(): void;
}

export interface SandboxPlan {
  /** Standard plans: 1,000 points restored at 100 per second; Shopify Plus doubles both. */
  readonly maximumAvailable: number;
  readonly restoreRate: number;
}

export const standardPlan: SandboxPlan = { maximumAvailable: 1_000, restoreRate: 100 };

export function createSandboxCostBucket(plan: SandboxPlan, now: () => number): SandboxCostBucket {
  let available = plan.maximumAvailable;
  let updated = now();
  const refill = () => {
    const time = now();
    available = Math.min(plan.maximumAvailable, available + ((time - updated) / 1_000) * plan.restoreRate);
    updated = time;
  };
  return {
    take(requested) {
      refill();
      if (requested > available) return false;
      available -= requested;
      return true;
    },
    refund(points) {
      refill();
      available = Math.min(plan.maximumAvailable, available + Math.max(0, points));
    },
    drainTo(level) {
      refill();
      available = Math.min(available, level);
    },
    status() {
      refill();
      return {
        maximumAvailable: plan.maximumAvailable,
        currentlyAvailable: Math.floor(available),
        restoreRate: plan.restoreRate,
      };
    },
    reset() {
      available = plan.maximumAvailable;
      updated = now();
    },
  };
}
