/** What the oversell-risk rule reads: recent sales of a SKU, how late its channel hears of a change, what it shows. */
export interface OversellRiskInput {
  /** Units of the SKU sold within the window. */
  readonly unitsSold: number;
  readonly windowSeconds: number;
  /** The channel's latest event-to-push latency: how long it keeps showing an old number. */
  readonly latencySeconds: number;
  /** What the channel shows now (what we last pushed there). */
  readonly shown: number;
  /** Safety factor on the expected sales; 0 turns the rule off. */
  readonly factor: number;
}

export interface OversellRisk {
  readonly atRisk: boolean;
  /** Units sold per second over the window. */
  readonly perSecond: number;
  /** Units expected to sell while the channel still shows the old number, times the factor. */
  readonly soldBeforeTheChannelKnows: number;
}

/**
 * A channel can oversell a SKU when the units expected to sell while it still shows the old number reach what it
 * shows: `unitsSold / windowSeconds × latencySeconds × factor ≥ shown`. A channel that shows nothing cannot sell
 * what it does not have, and a factor of 0 turns the rule off.
 */
export function oversellRisk(input: OversellRiskInput): OversellRisk {
  const perSecond = input.windowSeconds > 0 ? input.unitsSold / input.windowSeconds : 0;
  const soldBeforeTheChannelKnows = perSecond * input.latencySeconds * input.factor;
  const atRisk = input.factor > 0 && input.shown > 0 && soldBeforeTheChannelKnows >= input.shown;
  return { atRisk, perSecond, soldBeforeTheChannelKnows };
}
