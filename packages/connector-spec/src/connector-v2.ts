import type {
  ChangesCapabilityV2,
  OrdersCapabilityV2,
  PushCapabilityV2,
  SnapshotCapabilityV2,
  WebhooksCapabilityV2,
} from './capabilities.ts';
import type { CheckCapabilityV2 } from './connection-check.ts';
import type { ConnectorLogV2 } from './connector-log.ts';
import type { ConnectorStateStoreV2 } from './connector-state.ts';
import type { ConnectionMappingV2 } from './mapping.ts';
import type { RateLimiterV2, RateLimitPolicyV2 } from './rate-limit.ts';
import type { SchemaV2 } from './schema.ts';

export const connectorSpecificationVersion = 'v2' as const;

/**
 * What the runner gives a connector when it creates it: which connection it serves and how that connection's
 * names map to canonical ones. Secrets are not here: a connector reads them lazily from the environment
 * variables its settings name.
 */
export interface ConnectorContextV2 {
  readonly mapping: ConnectionMappingV2;
  readonly environment?: NodeJS.ProcessEnv | undefined;
  /**
   * The limiter every process of this connection's account shares, for the connector's own policy. A connector
   * asks it before each vendor call (turning a "wait" into a RateLimitedError, never a sleep) and feeds it the
   * vendor's rate answers. Absent outside a runner: then only the vendor's own refusals pace the connector.
   */
  readonly sharedLimiter?: ((policy: RateLimitPolicyV2) => RateLimiterV2) | undefined;
  /** Durable state shared by every instance of this connection (see ConnectorStateStoreV2). */
  readonly state?: ConnectorStateStoreV2 | undefined;
  /**
   * Where the connector's log lines go: the runner's logger, bound to this connection and honouring the configured
   * level. The kit's HTTP client writes one `trace` line per vendor call through it (method, URL, status, duration,
   * redacted headers and bodies). Absent outside a runner: then the connector logs nothing.
   */
  readonly log?: ConnectorLogV2 | undefined;
}

/**
 * The contract between Stockwire and one external system, version 2. Each capability is an object holding its
 * limits and its methods, so what a connector declares cannot disagree with what it implements. A connector never
 * sleeps or retries (it throws typed errors with `retryable`, and the runner decides), and never fails a batch for
 * one bad item (it returns item failures).
 */
export interface ConnectorV2<ChangesCursor = unknown, OrdersCursor = unknown> {
  readonly specificationVersion: typeof connectorSpecificationVersion;
  /** The connector kind, e.g. `file`, `shopify`. */
  readonly connector: string;
  /** The connection (configured account) this instance serves. */
  readonly connection: string;
  /** The vendor's published limits, interpreted by the kit's shared limiter. */
  readonly rateLimits?: RateLimitPolicyV2 | undefined;
  readonly snapshot?: SnapshotCapabilityV2 | undefined;
  readonly push?: PushCapabilityV2 | undefined;
  readonly changes?: ChangesCapabilityV2<ChangesCursor> | undefined;
  readonly orders?: OrdersCapabilityV2<OrdersCursor> | undefined;
  readonly webhooks?: WebhooksCapabilityV2 | undefined;
  /** A live connection check (credentials, scopes, locations) for `stockwire check --live`; absent: not supported. */
  readonly check?: CheckCapabilityV2 | undefined;
  close?(): Promise<void>;
}

/** A connector package's default export: settings schema plus factory, so the runner can load any package. */
export interface ConnectorDefinitionV2<Settings, ChangesCursor = unknown, OrdersCursor = unknown> {
  readonly specificationVersion: typeof connectorSpecificationVersion;
  readonly connector: string;
  readonly settingsSchema: SchemaV2<Settings>;
  create(settings: Settings, context: ConnectorContextV2): ConnectorV2<ChangesCursor, OrdersCursor>;
}

export function isConnectorV2(value: unknown): value is ConnectorV2 {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { specificationVersion?: unknown }).specificationVersion === connectorSpecificationVersion
  );
}

/** True for a value shaped like a connector package's default export (version, kind, schema and factory). */
export function isConnectorDefinitionV2(value: unknown): value is ConnectorDefinitionV2<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof ConnectorDefinitionV2<unknown>, unknown>>;
  return (
    candidate.specificationVersion === connectorSpecificationVersion &&
    typeof candidate.connector === 'string' &&
    typeof (candidate.settingsSchema as { safeParse?: unknown } | undefined)?.safeParse === 'function' &&
    typeof candidate.create === 'function'
  );
}
