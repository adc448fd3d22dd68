/**
 * ShipHero's credit bucket for one user: `maximum` credits, restored continuously at `restorePerSecond`; a call
 * costing more than what is left is refused (code 30) with the time until it would fit. Refusals are counted, so
 * a test can prove that the clients never overdrew it.
 */
export interface SandboxCredits {
  readonly maximum: number;
  readonly restorePerSecond: number;
  remaining(): number;
  /** Spends `cost` and returns undefined, or leaves the bucket as it is and returns the seconds to wait. */
  spend(cost: number): number | undefined;
  /** Every call refused for want of credits, with what it needed and what was left. */
  readonly refusals: ReadonlyArray<{ required: number; remaining: number }>;
  /** Fills the bucket and forgets its refusals, between tests. */
  refill(): void;
}

export function createSandboxCredits(
  options: { maximum: number; restorePerSecond: number },
  now: () => number,
): SandboxCredits {
  let available = options.maximum;
  let updated = now();
  const refusals: Array<{ required: number; remaining: number }> = [];
  const current = () => {
    const time = now();
    available = Math.min(options.maximum, available + ((time - updated) / 1_000) * options.restorePerSecond);
    updated = time;
    return available;
  };
  return {
    maximum: options.maximum,
    restorePerSecond: options.restorePerSecond,
    remaining: () => Math.floor(current()),
    spend(cost) {
      const left = current();
      if (left >= cost) {
        available = left - cost;
        return undefined;
      }
      refusals.push({ required: cost, remaining: Math.floor(left) });
      return Math.max(1, Math.ceil((cost - left) / options.restorePerSecond));
    },
    refusals,
    refill() {
      available = options.maximum;
      updated = now();
      refusals.length = 0;
    },
  };
}
