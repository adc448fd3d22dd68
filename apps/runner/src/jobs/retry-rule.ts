/**
 * The runner's one answer to "may a later attempt succeed?", used wherever it decides to retry: a failed job
 * (job-workers.ts), a reconciliation run outside the queue (reconcile-with-retries.ts) and a resumed snapshot cursor
 * (reconcile-connection.ts: only a cursor refused for good makes a run start over).
 *
 * An error is permanent only when it says so with `retryable: false`. The spec's contract is that a connector
 * classifies every failure it expects (its typed errors carry `retryable`; the kit's HTTP client already turns 5xx,
 * timeouts and resets into a retryable `TransientError`), and the runner's own permanent errors (a missing secret,
 * a connection that cannot start, a refused stored cursor) say `retryable: false` too. What is left says nothing:
 * an ioredis error while Redis restarts or is full, a vendor SDK's own network error the connector did not map, a
 * bug, a thrown value that is not even an Error. Retrying those is bounded (`STOCKWIRE_JOB_ATTEMPTS`) and ends in
 * a dead letter anyway, so a bug costs a few attempts; not retrying them would dead-letter every job of a Redis
 * restart and leave a vendor's blip for a human. So an error that says nothing is retried.
 */
export function isRetryable(error: unknown): boolean {
  return !isPermanent(error);
}

/** The error says a later attempt cannot succeed (`retryable: false`): it goes to a human, not to a retry. */
export function isPermanent(error: unknown): error is { readonly retryable: false } {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false;
}
