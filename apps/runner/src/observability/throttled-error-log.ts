import type { Logger } from 'pino';

/**
 * Logs an error once per `intervalMs` for each distinct message. While Redis is down every worker and queue reports
 * every reconnection attempt; one line every few seconds, with how many were left out, says the same.
 */
export function createThrottledErrorLog(
  logger: Logger,
  intervalMs = 10_000,
): (context: Record<string, unknown>, error: unknown, message: string) => void {
  const seen = new Map<string, { loggedAt: number; suppressed: number }>();
  return (context, error, message) => {
    const text = error instanceof Error ? error.message : String(error);
    const key = `${message}\u0000${text}`;
    const now = Date.now();
    const entry = seen.get(key);
    if (entry !== undefined && now - entry.loggedAt < intervalMs) {
      entry.suppressed++;
      return;
    }
    logger.error({ ...context, err: error, repeatsLeftOut: entry?.suppressed ?? 0 }, message);
    seen.set(key, { loggedAt: now, suppressed: 0 });
  };
}
