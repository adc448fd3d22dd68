import { z } from 'zod';
import { AlertOptionsSchema, alertOptionVariables } from './alert-options.ts';

const milliseconds = z.int().min(0);

/**
 * How the runner runs, as opposed to what it syncs (that is the configuration file). Every field has a default
 * suited to production; tests shorten the timings. Each can also come from a `STOCKWIRE_*` environment variable.
 */
export const RunnerOptionsSchema = z.strictObject({
  /** Prefix of every Redis key (engine state, queues, cursors, dead letters); installations sharing a Redis differ. */
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9._:-]+$/)
    .default('stockwire'),
  /** How long a push waits for more changes before it runs, so a burst of events becomes one call. */
  pushDebounceMs: milliseconds.default(250),
  /** When a push leaves items for later (stale compare-and-set, a retryable item failure), the next try is this late. */
  pushRetryDelayMs: milliseconds.default(5_000),
  /** Attempts of a job whose call failed with a retryable error, before it goes to the dead letters. */
  jobAttempts: z.int().min(1).default(8),
  /** First retry delay; each further retry waits twice as long. */
  jobBackoffMs: milliseconds.default(1_000),
  /**
   * A vendor that keeps saying "too fast" is waited out longer each time (its Retry-After, doubled per refusal in a
   * row), up to this, so a 429 storm costs a few calls instead of one every Retry-After.
   */
  rateLimitBackoffMaxMs: milliseconds.default(30_000),
  /**
   * How long a job stays owned by a worker that stopped renewing it (a crashed or killed process) before another
   * worker takes it over. Shorter recovers faster; it must stay above the longest pause of a busy event loop.
   */
  jobLockMs: z.int().min(500).default(30_000),
  /**
   * Overrides every connection's full reconciliation schedule (`connections.<id>.reconcile.fullEverySeconds`, daily
   * by default); 0 turns every full schedule off, e.g. in a test that triggers reconciliations itself.
   */
  reconcileIntervalSeconds: z.int().min(0).optional(),
  /** Safety net: how often every connection with pending changes is offered a push, whatever happened before. */
  sweepIntervalSeconds: z.int().min(1).default(60),
  /** Overrides every connection's delta schedule (its changes poll, in seconds), e.g. to poll faster in a test. */
  pollIntervalSeconds: z.int().min(1).optional(),
  /** How long a webhook's delivery id is remembered, to drop the vendor's redeliveries (15 days by default). */
  webhookDeliveryRetentionMs: z
    .int()
    .positive()
    .default(15 * 86_400_000),
  /**
   * Verified webhook deliveries of one connection that arrive while an enqueue of its deliveries is in flight wait
   * for it, at most this long, and then go together as one ingest job (group commit at enqueue): fewer jobs, Redis
   * round trips and scripts per delivery at thousands of webhooks a second. The HTTP answer waits for that enqueue,
   * so this is added to the answer time at most; keep it far below the vendors' answer deadlines (Shopify's is 5 s).
   */
  webhookGroupWaitMs: z.int().min(0).max(1_000).default(5),
  /** Deliveries in one such job at most (a job's data stays small); 1 turns grouping off. */
  webhookGroupMaximumDeliveries: z.int().min(1).max(1_000).default(100),
  /**
   * Jobs one process works on at once, per queue. Apply and ingest take many: small deliveries waiting together
   * share engine calls (at 2,000 one-event webhooks a second, 8 at once left p99 at 6–9 s, in the queue; 64 gave
   * 1.6–6.2 s over five runs), while large ones are applied at most `largeDeliveriesInFlight` (8) at a time per connection.
   */
  concurrency: z
    .strictObject({
      apply: z.int().min(1).default(64),
      push: z.int().min(1).default(4),
      poll: z.int().min(1).default(4),
      ingest: z.int().min(1).default(64),
      reconcile: z.int().min(1).default(1),
    })
    .prefault({}),
  /**
   * Plans every push as usual but writes nothing to any channel: each would-be push is kept as a shadow report
   * (`GET /admin/shadow`), for running beside an existing sync before switching over.
   */
  shadow: z.boolean().default(false),
  /**
   * Outgoing alert webhook and its thresholds; off until a webhook URL is set. Fields set here override the
   * configuration file's `alerts:` section (createRunner merges them).
   */
  alerts: AlertOptionsSchema.prefault({}),
});
export type RunnerOptionsInput = z.input<typeof RunnerOptionsSchema>;
export type RunnerOptions = z.output<typeof RunnerOptionsSchema>;

/** The environment variables that set runner options, for `stockwire run` and the container. */
export const runnerOptionVariables = {
  STOCKWIRE_KEY_PREFIX: 'keyPrefix',
  STOCKWIRE_PUSH_DEBOUNCE_MS: 'pushDebounceMs',
  STOCKWIRE_PUSH_RETRY_DELAY_MS: 'pushRetryDelayMs',
  STOCKWIRE_JOB_ATTEMPTS: 'jobAttempts',
  STOCKWIRE_JOB_BACKOFF_MS: 'jobBackoffMs',
  STOCKWIRE_RATE_LIMIT_BACKOFF_MAX_MS: 'rateLimitBackoffMaxMs',
  STOCKWIRE_JOB_LOCK_MS: 'jobLockMs',
  STOCKWIRE_RECONCILE_INTERVAL_SECONDS: 'reconcileIntervalSeconds',
  STOCKWIRE_SWEEP_INTERVAL_SECONDS: 'sweepIntervalSeconds',
  STOCKWIRE_POLL_INTERVAL_SECONDS: 'pollIntervalSeconds',
  STOCKWIRE_SHADOW: 'shadow',
  STOCKWIRE_WEBHOOK_GROUP_WAIT_MS: 'webhookGroupWaitMs',
  STOCKWIRE_WEBHOOK_GROUP_MAX_DELIVERIES: 'webhookGroupMaximumDeliveries',
} as const satisfies Record<string, keyof RunnerOptions>;

/** Reads `STOCKWIRE_*` variables into options, with defaults for the rest; a malformed value names its variable. */
export function runnerOptionsFromEnvironment(environment: Readonly<Record<string, string | undefined>>): RunnerOptions {
  return RunnerOptionsSchema.parse(runnerOptionsInputFromEnvironment(environment));
}

/**
 * Only the options the `STOCKWIRE_*` variables set (checked as `runnerOptionsFromEnvironment` checks them), for
 * `createRunner`, which lets them override the configuration file's `alerts:` section field by field.
 */
export function runnerOptionsInputFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): RunnerOptionsInput {
  const input: Record<string, unknown> = {};
  for (const [variable, option] of Object.entries(runnerOptionVariables)) {
    const value = environment[variable];
    if (value === undefined || value === '') continue;
    input[option] = option === 'keyPrefix' ? value : option === 'shadow' ? booleanOf(value) : Number(value);
  }
  const alerts: Record<string, unknown> = {};
  for (const [variable, option] of Object.entries(alertOptionVariables)) {
    const value = environment[variable];
    if (value === undefined || value === '') continue;
    alerts[option] = option === 'webhookUrl' ? value : Number(value);
  }
  input.alerts = alerts;
  const parsed = RunnerOptionsSchema.safeParse(input);
  if (parsed.success) return input as RunnerOptionsInput;
  const variables: Record<string, string> = { ...runnerOptionVariables, ...alertOptionVariables };
  const problems = parsed.error.issues.map((issue) => {
    const option = String(issue.path[0] === 'alerts' ? issue.path[1] : issue.path[0]);
    const variable = Object.entries(variables).find(([, name]) => name === option)?.[0] ?? option;
    // A chat webhook's URL is its credential: say which variable is wrong, never what it holds.
    const shown = variable === 'STOCKWIRE_ALERT_WEBHOOK_URL' ? '(not shown)' : JSON.stringify(environment[variable]);
    return `${variable}=${shown}: ${issue.message}`;
  });
  throw new Error(`invalid runner settings in the environment: ${problems.join('; ')}`);
}

/** `true`/`1`/`yes` and `false`/`0`/`no`; anything else is left for the schema to refuse with the variable's name. */
function booleanOf(value: string): unknown {
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(normalized)) return true;
  if (['false', '0', 'no'].includes(normalized)) return false;
  return value;
}
