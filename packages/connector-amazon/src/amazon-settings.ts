import { readSecret as readSecretReference } from '@stockwire/connector-kit';
import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { type SecretReference, SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';
import { amazonMaxFeedMessages } from './amazon-rate-limits.ts';

/** Settings of one Amazon connection: one seller in one SP-API region, several marketplaces of that region. */
export const AmazonConnectorSettingsSchema = z.strictObject({
  /** SP-API region of the seller's marketplaces: na (sellingpartnerapi-na), eu or fe. */
  region: z.enum(['na', 'eu', 'fe']).default('na'),
  /** The merchant token (seller id) the listings belong to. */
  sellerId: z.string().min(1),
  /** Marketplaces of this region the connection serves; each is a location of the connection's mapping. */
  marketplaceIds: z.array(z.string().min(1)).min(1).max(25),
  /** Login with Amazon app client id, secret and the seller's refresh token, each as `{ env: NAME }`. */
  clientId: SecretReferenceSchema,
  clientSecret: SecretReferenceSchema,
  refreshToken: SecretReferenceSchema,
  /** Product type sent with quantity-only updates; Amazon accepts `PRODUCT` for offer-only changes. */
  productType: z.string().min(1).default('PRODUCT'),
  /** A push that changes more SKUs of one marketplace than this goes out as one JSON_LISTINGS_FEED. */
  feedThreshold: z.int().min(1).max(amazonMaxFeedMessages).default(20),
  /**
   * When more than `feedThreshold` changes wait, how long (ms) the runner lets the feed fill towards 25,000
   * messages before it submits it; a full feed goes at once. Amazon processes a feed in minutes, so this adds at
   * most this much to changes that go by feed and nothing to those patched one by one. 0: submit at once.
   */
  feedFillWindowMs: z.int().min(0).max(60_000).default(15_000),
  /** How long the runner waits before pushing a SKU again whose feed is still processing. */
  feedPollSeconds: z.int().min(1).default(60),
  /**
   * Where merchant-fulfilled orders hold stock: at the location the connection maps the marketplace to
   * (`marketplace-location`), or wherever Stockwire's engine routes them by the configuration's priority and split
   * rules (`route`), for sellers who ship Amazon orders from several warehouses.
   */
  merchantOrders: z.enum(['marketplace-location', 'route']).default('marketplace-location'),
  /**
   * Handling time (`lead_time_to_ship_max_days`) sent with a backordered quantity: the days before the seller
   * ships an order taken beyond stock. Amazon accepts 1 to 30 for most product types.
   */
  backorderLeadTimeDays: z.int().min(1).max(30).default(14),
  /** Handling time sent with a preorder quantity (stock incoming within the channel's preorder horizon). */
  preorderLeadTimeDays: z.int().min(1).max(30).default(30),
  /** How far back the first orders poll of a new connection looks. */
  ordersLookbackHours: z.int().min(1).max(720).default(24),
  /**
   * Where every SP-API, Login with Amazon and feed-document connection goes instead of Amazon's own hosts, with
   * the request's `Host` unchanged: a local sandbox (`http://127.0.0.1:4601`) or an egress gateway that routes on
   * `Host`. Unset: Amazon itself.
   */
  endpoint: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * The Amazon SQS queue SP-API notifications are delivered to (ORDER_CHANGE, FBA_INVENTORY_AVAILABILITY_CHANGES):
   * set, the connector long-polls it as its `changes` stream, so orders hold stock within seconds, and searchOrders
   * becomes a backstop polled every `ordersBackstopMinutes`. Unset: no notifications, searchOrders on every poll.
   */
  sqsQueueUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Where SQS calls go instead of the queue's own host: a local SQS-compatible server (`http://127.0.0.1:9324`). */
  sqsEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** The queue's AWS region; default: the one its URL names (`sqs.us-east-1.amazonaws.com`), else us-east-1. */
  sqsRegion: z.string().min(1).optional(),
  /** AWS access key allowed to receive and delete on the queue, each as `{ env: NAME }`; unset: the AWS SDK's default chain. */
  sqsAccessKeyId: SecretReferenceSchema.optional(),
  sqsSecretAccessKey: SecretReferenceSchema.optional(),
  /** How long one ReceiveMessage waits for a message (SQS long polling, 1 to 20 s). */
  sqsWaitSeconds: z.int().min(1).max(20).default(20),
  /** How long a received message stays hidden from other receivers before SQS offers it again. */
  sqsVisibilityTimeoutSeconds: z.int().min(10).max(43_200).default(120),
  /** With notifications on: how often searchOrders still runs, to catch an order whose notification never came. */
  ordersBackstopMinutes: z.int().min(1).max(1_440).default(15),
  /** Abort an SP-API call that has not finished within this. */
  timeoutMs: z.int().min(1).default(30_000),
});
export type AmazonConnectorSettings = z.output<typeof AmazonConnectorSettingsSchema>;
export type AmazonConnectorSettingsInput = z.input<typeof AmazonConnectorSettingsSchema>;

export function parseAmazonSettings(
  settings: AmazonConnectorSettingsInput,
  connection: string,
): AmazonConnectorSettings {
  const parsed = AmazonConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConnectorConfigurationError({
    connector: 'amazon',
    system: 'Amazon',
    connection,
    problem: `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    cause: parsed.error,
  });
}

/** Reads a secret when the first call needs it, so a connection that is never used does not need it. */
export function readSecret(
  reference: SecretReference,
  setting: string,
  environment: NodeJS.ProcessEnv,
  connection: string,
): string {
  return readSecretReference(
    reference,
    setting,
    environment,
    (problem) => new ConnectorConfigurationError({ connector: 'amazon', system: 'Amazon', connection, problem }),
  );
}
