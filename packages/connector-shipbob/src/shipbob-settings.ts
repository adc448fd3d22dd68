import { RequestTimeoutMsSchema } from '@stockwire/connector-kit';
import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

export const shipBobConnectorKind = 'shipbob';

/** ShipBob's production API root; the sandbox's own URL goes in `baseUrl` instead. https://developer.shipbob.com */
export const shipBobProductionUrl = 'https://api.shipbob.com';
/** ShipBob's OAuth 2.0 token endpoint (authorisation code grant with refresh). */
export const shipBobTokenUrl = 'https://auth.shipbob.com/connect/token';

/**
 * The dated API versions this connector speaks. ShipBob puts the version in the path (`/2026-01/inventory-level`)
 * and retires each about a year after release, so the connection names one explicitly.
 */
export const shipBobApiVersions = ['2025-07', '2026-01'] as const;
export type ShipBobApiVersion = (typeof shipBobApiVersions)[number];

const PersonalAccessTokenSchema = z.strictObject({
  kind: z.literal('personal-access-token'),
  /** The PAT from ShipBob's Integrations → API Tokens page, e.g. `{ env: SHIPBOB_TOKEN }`. */
  token: SecretReferenceSchema,
});

const OAuthSchema = z.strictObject({
  kind: z.literal('oauth'),
  /** The OAuth app's client id, e.g. `{ env: SHIPBOB_CLIENT_ID }`. */
  clientId: SecretReferenceSchema,
  clientSecret: SecretReferenceSchema,
  /** The refresh token the authorisation-code grant returned (scope `offline_access`). */
  refreshToken: SecretReferenceSchema,
  /** Where tokens are refreshed; only the sandbox changes it. */
  tokenUrl: z.url({ protocol: /^https?$/ }).default(shipBobTokenUrl),
});

/** A connection's settings, as written under `connections.<id>.settings`. Unknown keys are errors. */
export const ShipBobConnectorSettingsSchema = z.strictObject({
  /** The API root: ShipBob production by default, `https://sandbox-api.shipbob.com` or a local sandbox otherwise. */
  baseUrl: z.url({ protocol: /^https?$/ }).default(shipBobProductionUrl),
  apiVersion: z.enum(shipBobApiVersions).default('2026-01'),
  /** How long one ShipBob call may wait for its answer (ms) before it fails as retryable; default 30 000. */
  requestTimeoutMs: RequestTimeoutMsSchema,
  authentication: z.discriminatedUnion('kind', [PersonalAccessTokenSchema, OAuthSchema]),
  /**
   * Sent as `shipbob_channel_id` only on the calls whose operation declares that header (ShipBob's order, shipment
   * and return operations); the calls this connector makes today (inventory levels, lots, receiving) declare none, so
   * it is not sent on them — the contract test checks both. Required by ShipBob on those operations for an OAuth app
   * that owns several channels.
   */
  channelId: z.string().regex(/^\d+$/, 'the numeric channel id from GET /channel').optional(),
  /** The webhook subscription's signing secret (`whsec_…`), e.g. `{ env: SHIPBOB_WEBHOOK_SECRET }`. */
  webhookSecret: SecretReferenceSchema.optional(),
  /** How far a delivery's `webhook-timestamp` may be from our clock (Standard Webhooks suggests 5 minutes). */
  webhookToleranceSeconds: z.int().min(1).max(3_600).default(300),
  /** Inventory items per `inventory-level/locations` page. */
  pageSize: z.int().min(1).max(250).default(100),
  /**
   * Whether the account tracks lots: levels are then read with their lots (`inventory-level/lots`, one more call per
   * page), expired lots (`lot_date` passed) are never sellable and each record lists its lots.
   */
  lots: z.boolean().default(false),
  /**
   * What the account's `lot_date` is: `expiration` (a passed date withholds the lot) or `manufacturing` (never
   * withholds; ShipBob's OpenAPI allows either). Only read when `lots` is on.
   */
  lotDate: z.enum(['expiration', 'manufacturing']).default('expiration'),
  /** Receiving orders per page when polling them. */
  receivingPageSize: z.int().min(1).max(250).default(50),
  /** How far back the first poll looks for receiving orders. */
  receivingLookbackDays: z.int().min(1).max(365).default(30),
  /** Seconds between polls of inventory levels and receiving orders (ShipBob has no inventory webhook). */
  pollIntervalSeconds: z.int().min(15).max(86_400).default(300),
});

export type ShipBobConnectorSettings = z.infer<typeof ShipBobConnectorSettingsSchema>;
export type ShipBobConnectorSettingsInput = z.input<typeof ShipBobConnectorSettingsSchema>;
export type ShipBobAuthentication = ShipBobConnectorSettings['authentication'];

export function shipBobConfigurationError(connection: string | undefined, problem: string, cause?: unknown) {
  return new ConnectorConfigurationError({
    connector: shipBobConnectorKind,
    system: 'ShipBob',
    connection,
    problem,
    cause,
  });
}

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseShipBobSettings(settings: unknown, connection: string): ShipBobConnectorSettings {
  const parsed = ShipBobConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw shipBobConfigurationError(
    connection,
    `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    parsed.error,
  );
}
