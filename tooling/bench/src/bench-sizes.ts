/**
 * How big each measurement is. The default run finishes in minutes on two cores and says where it is smaller than
 * the issue asks; `--full` runs the sizes (100,000 changes to converge, 1,000,000 positions).
 */
export function benchSizes(full: boolean) {
  return {
    redisMemoryPositions: full ? [100_000, 1_000_000] : [100_000],
    // Ten Shopify locations: the catalog (one query per 250 SKUs, 252 points each) loads in under a minute at the
    // Standard plan's 100 points per second, and each event recomputes ten channel quantities.
    shopify: {
      locationCount: 10,
      skuCount: full ? 10_000 : 5_000,
      efficiencyChanges: 10_000,
    },
    // Over one feed's worth (25,000), so the minimum is two feeds.
    amazonChanges: 30_000,
    latency: { eventsPerSecond: 500, seconds: full ? 60 : 15, skuCount: 2_500, locationCount: 4 },
    runnerMemoryPositions: full ? [100_000, 1_000_000] : [100_000],
  };
}
