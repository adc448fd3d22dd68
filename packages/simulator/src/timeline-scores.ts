/** What one channel showed for one SKU from `at` on, beside the truth at that moment. */
export interface TimelinePoint {
  readonly at: number;
  /** The quantity the channel displayed. */
  readonly shown: number;
  /** Sellable units really there for this channel (its active locations), before any policy. */
  readonly sellable: number;
  /** What the system means the channel to show, computed from the true state with the system's own rule. */
  readonly target: number;
}

export interface TimelineScore {
  /** Unit-seconds where sellable stock existed but the channel showed zero. */
  readonly hiddenUnitSeconds: number;
  /** Durations of the periods where the channel differed from its target (open ones end at `endAt`). */
  readonly driftDurations: readonly number[];
}

/** Scores one channel SKU's step-function timeline up to `endAt`. Points must be in time order. */
export function scoreTimeline(points: readonly TimelinePoint[], endAt: number): TimelineScore {
  let hiddenUnitSeconds = 0;
  const driftDurations: number[] = [];
  let driftSince: number | undefined;
  for (let index = 0; index < points.length; index++) {
    const point = points[index] as TimelinePoint;
    const until = Math.min(points[index + 1]?.at ?? endAt, endAt);
    const seconds = Math.max(0, until - point.at);
    if (point.shown === 0 && point.sellable > 0) hiddenUnitSeconds += point.sellable * seconds;
    const drifting = point.shown !== point.target;
    if (drifting && driftSince === undefined) driftSince = point.at;
    if (!drifting && driftSince !== undefined) {
      // A difference that starts and ends at the same instant was never visible to a shopper.
      if (point.at > driftSince) driftDurations.push(point.at - driftSince);
      driftSince = undefined;
    }
  }
  if (driftSince !== undefined && endAt > driftSince) driftDurations.push(endAt - driftSince);
  return { hiddenUnitSeconds, driftDurations };
}

/** Nearest-rank percentile (0 for no values): an observed value, never an interpolated one. */
export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[rank - 1] as number;
}

/** The fewest calls that could have carried these updates: ⌈updates / batch size⌉ per connection. */
export function minimumApiCalls(
  updatesByConnection: ReadonlyMap<string, number>,
  batchSizes: Readonly<Record<string, number>>,
): number {
  let calls = 0;
  for (const [connection, updates] of updatesByConnection) {
    calls += Math.ceil(updates / Math.max(1, batchSizes[connection] ?? 1));
  }
  return calls;
}
