import { z } from 'zod';
import { SecretReferenceSchema } from './secret-reference.ts';

const seconds = z.int().min(1);

/**
 * When the runner tells people that something needs a look, and where. The webhook's URL is a credential (anyone
 * holding a Slack incoming-webhook URL can post to the channel), so it is referenced like every other secret.
 * Every threshold of 0 turns its alert off; the defaults are the runner's.
 */
export const AlertsConfigurationSchema = z.strictObject({
  /** The environment variable holding the Slack-compatible webhook URL the alerts are posted to. */
  webhook: SecretReferenceSchema,
  /** How often the conditions are evaluated (by one runner of the installation at a time). */
  evaluateEverySeconds: seconds.default(60),
  /** Reconciliation differences not yet healed. */
  drift: z
    .strictObject({
      /** Open drifts at or above this count raise an alert. */
      count: z.int().min(0).default(1),
      /** Only drifts open at least this long count, so one that the next push heals does not page anyone. */
      minimumAgeSeconds: z.int().min(0).default(0),
    })
    .prefault({}),
  /** Dead letters (items and events that could not be processed). */
  failedItems: z
    .strictObject({
      /** Dead letters added within the window at or above this count raise an alert. */
      count: z.int().min(0).default(1),
      windowSeconds: seconds.default(3_600),
    })
    .prefault({}),
  /** Per connection: failed calls ÷ calls within the window. */
  errorRate: z
    .strictObject({
      /** The ratio (0–1) that raises an alert. */
      ratio: z.number().min(0).max(1).default(0.2),
      /** Fewer calls than this within the window say too little about a rate to alert on. */
      minimumCalls: z.int().min(1).default(20),
      windowSeconds: seconds.default(300),
    })
    .prefault({}),
  /**
   * A channel SKU whose units sold per second within the window, times the connection's event-to-push latency,
   * times `factor`, reach what the channel shows: it can sell out before the channel hears of it.
   */
  oversellRisk: z
    .strictObject({
      factor: z.number().min(0).default(1),
      windowSeconds: seconds.default(900),
    })
    .prefault({}),
});
export type AlertsConfiguration = z.output<typeof AlertsConfigurationSchema>;
export type AlertsConfigurationInput = z.input<typeof AlertsConfigurationSchema>;
