import { z } from 'zod';

const seconds = z.int().min(1);

/**
 * When the runner tells people something needs a look: the configuration file's `alerts:` section, with
 * `STOCKWIRE_ALERT_*` variables (or runner options) overriding it field by field (see configured-alerts.ts).
 */
export const AlertOptionsSchema = z.strictObject({
  /** Where alerts are posted as Slack-compatible JSON (`{ text, blocks }`); without it no alert is evaluated. */
  webhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** How often the conditions are evaluated (by one runner of the installation at a time). */
  evaluateIntervalSeconds: seconds.default(60),
  /** How long one post to the webhook may take before it counts as failed. */
  webhookTimeoutMs: z.int().min(100).default(5_000),
  /** Open drifts (reconciliation differences not yet healed) at or above this count raise an alert; 0 turns it off. */
  openDrifts: z.int().min(0).default(1),
  /** Only drifts open at least this long count, so one that the next push heals does not page anyone. */
  openDriftMinimumAgeSeconds: z.int().min(0).default(0),
  /** Dead letters added within `failedItemsWindowSeconds` at or above this count raise an alert; 0 turns it off. */
  failedItems: z.int().min(0).default(1),
  failedItemsWindowSeconds: seconds.default(3_600),
  /** A connection whose failed calls ÷ calls within the window reach this ratio raises an alert; 0 turns it off. */
  errorRate: z.number().min(0).max(1).default(0.2),
  /** Fewer calls than this within the window say too little about a rate to alert on. */
  errorRateMinimumCalls: z.int().min(1).default(20),
  errorRateWindowSeconds: seconds.default(300),
  /**
   * Oversell risk: a channel SKU whose units sold (reservations, shipments without an order) per second within
   * the window, times the connection's latest event-to-push latency, times this factor, reach what the channel
   * shows — it can sell out before the channel hears of it. 0 turns it off.
   */
  oversellRiskFactor: z.number().min(0).default(1),
  oversellWindowSeconds: seconds.default(900),
});
export type AlertOptions = z.output<typeof AlertOptionsSchema>;
export type AlertOptionsInput = z.input<typeof AlertOptionsSchema>;

/** The environment variables that set alert options. */
export const alertOptionVariables = {
  STOCKWIRE_ALERT_WEBHOOK_URL: 'webhookUrl',
  STOCKWIRE_ALERT_EVALUATE_INTERVAL_SECONDS: 'evaluateIntervalSeconds',
  STOCKWIRE_ALERT_WEBHOOK_TIMEOUT_MS: 'webhookTimeoutMs',
  STOCKWIRE_ALERT_OPEN_DRIFTS: 'openDrifts',
  STOCKWIRE_ALERT_OPEN_DRIFT_MINIMUM_AGE_SECONDS: 'openDriftMinimumAgeSeconds',
  STOCKWIRE_ALERT_FAILED_ITEMS: 'failedItems',
  STOCKWIRE_ALERT_FAILED_ITEMS_WINDOW_SECONDS: 'failedItemsWindowSeconds',
  STOCKWIRE_ALERT_ERROR_RATE: 'errorRate',
  STOCKWIRE_ALERT_ERROR_RATE_MINIMUM_CALLS: 'errorRateMinimumCalls',
  STOCKWIRE_ALERT_ERROR_RATE_WINDOW_SECONDS: 'errorRateWindowSeconds',
  STOCKWIRE_ALERT_OVERSELL_RISK_FACTOR: 'oversellRiskFactor',
  STOCKWIRE_ALERT_OVERSELL_WINDOW_SECONDS: 'oversellWindowSeconds',
} as const satisfies Record<string, keyof AlertOptions>;
