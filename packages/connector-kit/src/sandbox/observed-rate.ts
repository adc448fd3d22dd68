/**
 * The largest number of events inside any window `[start, start + windowMs)`. Only windows that start at an event
 * need checking: sliding a window's start forward to its first event never loses an event.
 */
export function maxEventsInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((left, right) => left - right);
  let maximum = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    const windowEnd = (sorted[start] as number) + windowMs;
    if (end < start) end = start;
    while (end < sorted.length && (sorted[end] as number) < windowEnd) end++;
    maximum = Math.max(maximum, end - start);
  }
  return maximum;
}
