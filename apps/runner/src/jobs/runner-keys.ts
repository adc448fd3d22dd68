/**
 * The Redis keys the runner owns (the engine has its own). Each connection's keys share one hash tag, so they sit
 * in one Redis Cluster slot; queue keys get BullMQ's prefix, itself a hash tag, as BullMQ requires on a cluster.
 */
export interface RunnerKeys {
  /** BullMQ's `prefix` option. */
  readonly queuePrefix: string;
  /** The connection's change (or orders) cursor (JSON), stored only after the events it covers are enqueued. */
  readonly cursor: (connection: string, stream?: 'changes' | 'orders') => string;
  /** A webhook delivery id already taken in (expires after the retention). */
  readonly webhookDelivery: (connection: string, deliveryId: string) => string;
  /** Hash channel SKU → when the change waiting to be pushed was first seen (epoch ms), for the latency histogram. */
  readonly pendingSince: (connection: string) => string;
  /** Set for a day when an item failure was dead-lettered, so a snapshot re-read hourly reports it once a day. */
  readonly reportedFailure: (connection: string, fingerprint: string) => string;
  /** Stream of dead letters. */
  readonly deadLetters: string;
  /** Sorted sets of the connection's recent connector calls (all, and failed ones), scored by time, for error rates. */
  readonly calls: (connection: string) => string;
  readonly failedCalls: (connection: string) => string;
  /** The connection's latest event-to-push latency (JSON), for the oversell risk. */
  readonly pushLatency: (connection: string) => string;
  /** Sorted set of recent sales (`sku quantity event-id`), scored by time, for the oversell risk. */
  readonly sales: string;
  /** Hash condition key → the alert sent for it (JSON), until the condition clears. */
  readonly openAlerts: string;
  /** Hash channel SKU → what a shadow-mode flush would have pushed (JSON). */
  readonly shadowReport: (connection: string) => string;
  /** How many times in a row the vendor said "too fast" to this operation (expires once it stops). */
  readonly rateLimitStreak: (connection: string, operation: string) => string;
  /** List of the trace contexts (JSON) of the applies that left this connection something to push (tracing only). */
  readonly pushTraceLinks: (connection: string) => string;
}

export function createRunnerKeys(prefix: string): RunnerKeys {
  const connectionTag = (connection: string) => `{${prefix}:runner:${connection}}`;
  return {
    queuePrefix: `{${prefix}:jobs}`,
    cursor: (connection, stream = 'changes') =>
      `${connectionTag(connection)}:${stream === 'changes' ? 'cursor' : 'orders-cursor'}`,
    webhookDelivery: (connection, deliveryId) => `${connectionTag(connection)}:delivery:${deliveryId}`,
    pendingSince: (connection) => `${connectionTag(connection)}:pending-since`,
    reportedFailure: (connection, fingerprint) => `${connectionTag(connection)}:reported-failure:${fingerprint}`,
    deadLetters: `{${prefix}:runner}:dead-letters`,
    rateLimitStreak: (connection, operation) => `${connectionTag(connection)}:rate-limited:${operation}`,
    calls: (connection) => `${connectionTag(connection)}:calls`,
    failedCalls: (connection) => `${connectionTag(connection)}:failed-calls`,
    pushLatency: (connection) => `${connectionTag(connection)}:push-latency`,
    sales: `{${prefix}:runner}:sales`,
    openAlerts: `{${prefix}:runner}:open-alerts`,
    shadowReport: (connection) => `${connectionTag(connection)}:shadow`,
    pushTraceLinks: (connection) => `${connectionTag(connection)}:push-trace-links`,
  };
}
