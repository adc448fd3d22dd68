/**
 * The order in which real-world changes happened, as far as we can know it: the time the source says it
 * happened, then the source's own sequence, then the idempotency key so that two events at the same instant
 * still have one fixed order whatever order they arrive in.
 */
export interface EventOrderKey {
  readonly timeMs: number;
  readonly sequence: number;
  readonly idempotencyKey: string;
}

export function eventOrderKey(event: {
  occurredAt: string;
  sequence?: number | undefined;
  idempotencyKey: string;
}): EventOrderKey {
  const timeMs = Date.parse(event.occurredAt);
  if (Number.isNaN(timeMs)) throw new RangeError(`occurredAt "${event.occurredAt}" is not a date-time`);
  return { timeMs, sequence: event.sequence ?? 0, idempotencyKey: event.idempotencyKey };
}

/** Negative when `a` happened before `b`, zero only for the same event. */
export function compareEventOrder(a: EventOrderKey, b: EventOrderKey): number {
  if (a.timeMs !== b.timeMs) return a.timeMs - b.timeMs;
  if (a.sequence !== b.sequence) return a.sequence - b.sequence;
  return a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0;
}
