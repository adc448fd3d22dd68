import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface RunnerMetricsSources {
  /** Channel SKUs waiting to be pushed, per connection that pushes. */
  readonly dirtyCounts: () => Promise<ReadonlyArray<{ connection: string; count: number }>>;
  readonly deadLetterCount: () => Promise<number>;
}

/** Everything `/metrics` shows. Its own registry, so several runners in one process (tests) never collide. */
export interface RunnerMetrics {
  readonly registry: Registry;
  readonly eventsReceived: Counter<'connection' | 'origin'>;
  readonly eventsApplied: Counter<'connection'>;
  readonly eventsDuplicate: Counter<'connection'>;
  readonly eventsSuperseded: Counter<'connection'>;
  readonly eventsRejected: Counter<'connection' | 'reason'>;
  readonly pushedItems: Counter<'connection' | 'outcome'>;
  /** Label `outcome`: ok, failed, rate-limited; counted through `recordConnectorCall`. */
  readonly apiCalls: Counter<'connection' | 'operation' | 'outcome'>;
  readonly rateLimited: Counter<'connection' | 'operation'>;
  readonly webhooks: Counter<'connection' | 'outcome'>;
  readonly deadLettersAdded: Counter<'kind'>;
  readonly driftsFound: Counter<'connection' | 'cause'>;
  readonly eventToPushSeconds: Histogram<'connection'>;
  /**
   * Where the time from event to push goes, per stage (see `pushStages`): each job or call observes its own
   * stage, so a slow push shows which stage to look at.
   */
  readonly pushStageSeconds: Histogram<'connection' | 'stage'>;
  /** Deliveries (apply jobs, webhooks) one engine call carried: above 1 when small ones arrived together. */
  readonly applyDeliveriesPerCall: Histogram<'connection'>;
  readonly alertsSent: Counter<'kind' | 'state'>;
  readonly alertWebhookFailures: Counter<'kind' | 'state'>;
  readonly shadowItems: Counter<'connection' | 'comparison'>;
}

export function createRunnerMetrics(sources: RunnerMetricsSources): RunnerMetrics {
  const registry = new Registry();
  const registers = [registry];
  // prom-client's default names already start with process_ or nodejs_: the prefix is ours alone.
  collectDefaultMetrics({ register: registry, prefix: 'stockwire_' });
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) =>
    new Counter<Label>({ name, help, labelNames, registers });

  new Gauge({
    name: 'stockwire_dirty_channel_skus',
    help: 'Channel SKUs whose computed quantity waits to be pushed, per connection',
    labelNames: ['connection'],
    registers,
    async collect() {
      for (const { connection, count } of await sources.dirtyCounts()) this.set({ connection }, count);
    },
  });
  new Gauge({
    name: 'stockwire_dead_letters',
    help: 'Entries in the dead-letter store, waiting for a fix and a replay',
    registers,
    async collect() {
      this.set(await sources.deadLetterCount());
    },
  });

  return {
    registry,
    eventsReceived: counter('stockwire_events_received_total', 'Canonical events handed to the engine', [
      'connection',
      'origin',
    ]),
    eventsApplied: counter('stockwire_events_applied_total', 'Events that changed state', ['connection']),
    eventsDuplicate: counter('stockwire_events_duplicate_total', 'Events already applied (same idempotency key)', [
      'connection',
    ]),
    eventsSuperseded: counter(
      'stockwire_events_superseded_total',
      'Events older than an absolute value already applied',
      ['connection'],
    ),
    eventsRejected: counter('stockwire_events_rejected_total', 'Events the engine refused (dead-lettered)', [
      'connection',
      'reason',
    ]),
    pushedItems: counter('stockwire_push_items_total', 'Channel quantities pushed, by outcome', [
      'connection',
      'outcome',
    ]),
    apiCalls: counter(
      'stockwire_api_calls_total',
      'Calls to connectors (requests the vendor received), by outcome: ok, failed, rate-limited',
      ['connection', 'operation', 'outcome'],
    ),
    rateLimited: counter('stockwire_rate_limited_total', 'Calls the vendor refused as too fast (HTTP 429)', [
      'connection',
      'operation',
    ]),
    webhooks: counter('stockwire_webhooks_total', 'Webhook deliveries received, by outcome', ['connection', 'outcome']),
    deadLettersAdded: counter('stockwire_dead_letters_added_total', 'Entries added to the dead letters', ['kind']),
    driftsFound: counter(
      'stockwire_drifts_found_total',
      'Differences a reconciliation found (missed-events, changed-on-remote, never-pushed)',
      ['connection', 'cause'],
    ),
    eventToPushSeconds: new Histogram({
      name: 'stockwire_event_to_push_seconds',
      help: 'From the runner first seeing a change to the channel showing it',
      labelNames: ['connection'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
      registers,
    }),
    pushStageSeconds: new Histogram({
      name: 'stockwire_push_stage_seconds',
      help: 'Time spent in each stage from event to push: webhook-answer, queue-wait, ingest (its apply and projection), debounce, limiter-wait, vendor-call',
      labelNames: ['connection', 'stage'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    applyDeliveriesPerCall: new Histogram({
      name: 'stockwire_apply_deliveries_per_call',
      help: 'Deliveries (apply jobs, webhooks) one engine call carried; small ones arriving together share a call',
      labelNames: ['connection'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    }),
    alertsSent: counter('stockwire_alerts_sent_total', 'Alerts posted to the webhook (firing, resolved)', [
      'kind',
      'state',
    ]),
    alertWebhookFailures: counter(
      'stockwire_alert_webhook_failures_total',
      'Alert posts the webhook refused or never answered (retried at the next evaluation)',
      ['kind', 'state'],
    ),
    shadowItems: counter(
      'stockwire_shadow_items_total',
      'Shadow mode: channel quantities planned but not pushed, by how they compare with what the channel shows',
      ['connection', 'comparison'],
    ),
  };
}
