import { z } from 'zod';

/** A day, the anchors' "hard sync" cadence: every position is read again even when no change was reported. */
export const defaultFullReconcileSeconds = 86_400;
/** The most a connection with a changes feed waits between two polls of it, unless configured otherwise. */
export const defaultDeltaReconcileSeconds = 900;

/**
 * How often the runner checks a connection against what it holds, per connection (`connections.<id>.reconcile`).
 * `full` reads the whole snapshot and heals every difference, including ones nobody reported; `delta` polls the
 * connector's changes since its stored cursor. Two schedules, because a full read is costly and a delta is cheap.
 * 0 turns a schedule off.
 */
export const ReconcileScheduleSchema = z.strictObject({
  /** Seconds between two full (snapshot) reconciliations; only for connectors that can read a snapshot. */
  fullEverySeconds: z.int().min(0).default(defaultFullReconcileSeconds),
  /**
   * Seconds between two delta passes (a poll of changes, and of orders where the connector has them, since their
   * cursors). Unset: the connector's suggested interval, but at least every 15 minutes.
   */
  deltaEverySeconds: z.int().min(0).optional(),
});
export type ReconcileSchedule = z.infer<typeof ReconcileScheduleSchema>;
export type ReconcileScheduleInput = z.input<typeof ReconcileScheduleSchema>;
