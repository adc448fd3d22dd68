import { z } from 'zod';
import { NonNegativeQuantitySchema } from './identifiers.ts';

/**
 * A buffer sized from demand instead of a fixed number: the units a channel is expected to sell of a SKU while
 * its last quantity is still on its way (sales velocity on the channel × the channel's push latency), rounded up,
 * within a floor and a ceiling. A fast seller is protected during a rush; a slow one hides almost nothing.
 */
export const DynamicBufferSchema = z
  .strictObject({
    /** How far back the channel's sales of the SKU count towards its velocity. */
    windowMinutes: z.number().int().min(1).max(10_080).default(60),
    /** Units always held back, also while nothing sold or no push latency was measured yet. */
    floor: NonNegativeQuantitySchema.default(0),
    /** Units never exceeded, however fast the SKU sells. */
    ceiling: NonNegativeQuantitySchema,
    /**
     * Seconds added to the measured push latency: the time the runner cannot measure, such as a webhook on its way
     * to us or the channel's own delay before it shows a pushed quantity.
     */
    extraLatencySeconds: z.number().min(0).max(86_400).default(0),
  })
  .refine((policy) => policy.floor <= policy.ceiling, { message: 'must not exceed ceiling', path: ['floor'] });
export type DynamicBuffer = z.infer<typeof DynamicBufferSchema>;
export type DynamicBufferInput = z.input<typeof DynamicBufferSchema>;

/** What the channel sold and how slow its pushes are, read by whoever holds them (the engine, the simulator). */
export interface DynamicBufferDemand {
  /** Units of the SKU the channel sold within the last `windowMinutes` (never negative). */
  readonly unitsSold: number;
  /** The channel connection's measured push latency; undefined when none was measured yet. */
  readonly measuredLatencySeconds: number | undefined;
}

export interface DynamicBufferSize {
  /** Whole units to hold back. */
  readonly units: number;
  readonly unitsSold: number;
  readonly windowMinutes: number;
  /** Measured plus extra latency, in seconds (the extra alone when nothing was measured). */
  readonly latencySeconds: number;
  /** Units expected to sell within one latency, before rounding up and clamping. */
  readonly expected: number;
  /** Set when the floor or the ceiling decided the size. */
  readonly bound?: 'floor' | 'ceiling' | undefined;
}

/**
 * The units a dynamic buffer holds back: ⌈units sold in the window × latency ÷ window⌉, clamped to floor and
 * ceiling. Pure, and the only place this is decided: the engine (live) and the simulator both call it. Computed on
 * whole milliseconds so that an exact product never rounds up to one unit more through floating-point error.
 */
export function sizeDynamicBuffer(policy: DynamicBuffer, demand: DynamicBufferDemand): DynamicBufferSize {
  const unitsSold = Math.max(0, demand.unitsSold);
  const measured = demand.measuredLatencySeconds;
  const latencyMs = Math.ceil(
    (measured !== undefined && Number.isFinite(measured) ? Math.max(0, measured) : 0) * 1_000 +
      policy.extraLatencySeconds * 1_000,
  );
  const windowMs = policy.windowMinutes * 60_000;
  const raw = Math.ceil((unitsSold * latencyMs) / windowMs);
  const units = Math.min(policy.ceiling, Math.max(policy.floor, raw));
  const bound = raw < policy.floor ? 'floor' : raw > policy.ceiling ? 'ceiling' : undefined;
  return {
    units,
    unitsSold,
    windowMinutes: policy.windowMinutes,
    latencySeconds: latencyMs / 1_000,
    expected: (unitsSold * latencyMs) / windowMs,
    bound,
  };
}

/** "12 sold in 60 min × 300 s latency = 1 (floor 2)": the explanation step of a dynamic buffer. */
export function describeDynamicBuffer(size: DynamicBufferSize): string {
  const latency = Number.isInteger(size.latencySeconds) ? `${size.latencySeconds}` : size.latencySeconds.toFixed(1);
  const expected = Number.isInteger(size.expected) ? `${size.expected}` : `${size.expected.toFixed(2)}, rounded up`;
  const bound = size.bound === undefined ? '' : ` → ${size.bound} ${size.units}`;
  return `velocity ${size.unitsSold} sold in ${size.windowMinutes} min × latency ${latency} s = ${expected}${bound}`;
}
