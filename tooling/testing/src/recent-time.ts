/**
 * A fixture time `hours` before now, as ISO 8601. Events the engine applies must have happened inside its settle
 * horizon (15 days by the time Redis keeps): a fixed date in a test passes it some days after it was written and
 * the event is rejected as `older-than-settle-horizon`, turning a green suite red on a date rather than on a change.
 */
export function hoursAgo(hours: number): string {
  return new Date(Date.now() - hours * 3_600_000).toISOString();
}
