import type { Agent } from 'node:https';
import type { z } from 'zod';
import type { RateLimitPolicy } from '../rate-limit/rate-limit-policy.ts';
import type { RateLimiter } from '../rate-limit/rate-limiter.ts';
import type { ConnectorCapabilitiesV1 } from './capabilities.ts';
import type { ConnectorStateStoreV1 } from './connector-state.ts';
import type { ConnectionMappingV1 } from './mapping.ts';
import type { PushRequestV1, PushResultV1 } from './push.ts';
import type { ChangesPageV1, ChangesRequestV1, SnapshotPageV1, SnapshotRequestV1 } from './remote-inventory.ts';
import type { ParsedWebhookV1, RawWebhookV1 } from './webhooks.ts';

export const connectorSpecificationVersion = 'v1' as const;

/**
 * What the runner gives a connector when it creates it: which connection it serves and how that connection's
 * names map to canonical ones. Secrets are not here: a connector reads them lazily from the environment
 * variables its settings name.
 */
export interface ConnectorContextV1 {
  readonly mapping: ConnectionMappingV1;
  readonly environment?: NodeJS.ProcessEnv | undefined;
  /**
   * The limiter every process of this connection's account shares, for the connector's own policy. A connector
   * asks it before each vendor call (turning a "wait" into a RateLimitedError, never a sleep) and feeds it the
   * vendor's rate answers. Absent outside a runner: then only the vendor's own refusals pace the connector.
   */
  readonly sharedLimiter?: ((policy: RateLimitPolicy) => RateLimiter) | undefined;
  /** Durable state shared by every instance of this connection (see ConnectorStateStoreV1). */
  readonly state?: ConnectorStateStoreV1 | undefined;
  /**
   * The agent the connector's HTTPS connections go through, for connectors whose SDK takes one: an egress proxy in
   * production, a local sandbox in tests and the demo. Absent: the SDK connects directly.
   */
  readonly httpsAgent?: Agent | undefined;
}

/**
 * The contract between Stockwire and one external system, version 1. Versioned in its name and stamped with a
 * literal so a V2 can live beside it. Every method is optional and declared in `capabilities`; a connector never
 * sleeps or retries (it throws typed errors with `retryable`, and the runner decides), and never fails a batch
 * for one bad item (it returns item failures).
 */
export interface ConnectorV1<Cursor = unknown> {
  readonly specificationVersion: typeof connectorSpecificationVersion;
  /** The connector kind, e.g. `file`, `shopify`. */
  readonly connector: string;
  /** The connection (configured account) this instance serves. */
  readonly connection: string;
  readonly capabilities: ConnectorCapabilitiesV1;
  /** The vendor's published limits, interpreted by the kit's shared limiter. */
  readonly rateLimits?: RateLimitPolicy | undefined;
  /** Validates a stored cursor, so a crashed poll resumes where it left off (or fails loudly, never silently). */
  readonly cursorSchema?: z.ZodType<Cursor> | undefined;

  readSnapshot?(request: SnapshotRequestV1): Promise<SnapshotPageV1>;
  pushQuantities?(request: PushRequestV1): Promise<PushResultV1>;
  pullChanges?(request: ChangesRequestV1<Cursor>): Promise<ChangesPageV1<Cursor>>;
  /** Throws WebhookSignatureError when the signature does not match the raw body. */
  verifyWebhook?(webhook: RawWebhookV1): Promise<void>;
  /**
   * Call only after `verifyWebhook`; throws MalformedPayloadError for a body it cannot read. Repeatable: the same
   * delivery parsed again gives the same result (the runner parses before answering and again when it ingests),
   * so a parser never drops a delivery it has seen — redeliveries are the runner's to drop, by `deliveryId`.
   */
  parseWebhook?(webhook: RawWebhookV1): Promise<ParsedWebhookV1>;
  pullOrders?(request: ChangesRequestV1<Cursor>): Promise<ChangesPageV1<Cursor>>;
  close?(): Promise<void>;
}

/** A connector package's default export shape: settings schema plus factory, so the runner can load any package. */
export interface ConnectorDefinitionV1<Settings, Cursor = unknown> {
  readonly specificationVersion: typeof connectorSpecificationVersion;
  readonly connector: string;
  readonly settingsSchema: z.ZodType<Settings>;
  create(settings: Settings, context: ConnectorContextV1): ConnectorV1<Cursor>;
}

export function isConnectorV1(value: unknown): value is ConnectorV1 {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { specificationVersion?: unknown }).specificationVersion === connectorSpecificationVersion
  );
}
