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
    // 10,000 positions as 1,000 SKUs × 10 locations: the catalog loads in 4 pages (752 points each) instead of 10.
    latency: { seconds: full ? 60 : 15, skuCount: 1_000, locationCount: 10 },
    // The two rates as users meet them: signed webhooks posted to the runner's HTTP server (ShipHero the
    // authority). Beside them, for comparison, the same 2,000 events/s handed to the apply queue a tick at a time.
    latencyRows: [
      { eventsPerSecond: 500, arrival: 'webhook', targetP99Ms: 1_000 },
      { eventsPerSecond: 2_000, arrival: 'webhook', targetP99Ms: 2_000 },
      { eventsPerSecond: 2_000, arrival: 'job-per-tick', targetP99Ms: 2_000 },
    ] as const,
    runnerMemoryPositions: full ? [100_000, 1_000_000] : [100_000],
    // One full reconciliation of a Shopify store through its bulk operation (10 locations per SKU): about a
    // minute with its seeding at 100,000; the 1,000,000 with --full.
    reconcilePositions: full ? 1_000_000 : 100_000,
  };
}
