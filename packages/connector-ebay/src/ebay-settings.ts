import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

export const ebayConnectorKind = 'ebay';

/** eBay's production API root; the sandbox's URL (or `https://api.sandbox.ebay.com`) goes in `baseUrl`. */
export const ebayProductionUrl = 'https://api.ebay.com';
/** The OAuth 2.0 token endpoint, relative to the API root: https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html */
export const ebayTokenPath = '/identity/v1/oauth2/token';
/** The scopes a user token needs for quantities and orders. */
export const ebayUserScopes = [
  'https://api.ebay.com/oauth/api_scope/sell.inventory',
  'https://api.ebay.com/oauth/api_scope/sell.fulfillment',
] as const;
/** eBay caps SKUs at 50 characters (Sell Inventory API, `sku` path parameter: "Max length: 50"). */
export const ebayMaximumSkuLength = 50;
/** "Each listing can be revised up to 250 times in one calendar day" (sell_inventory_v1_oas3.json). */
export const ebayRevisionsPerListingPerDay = 250;

/** A connection's settings, as written under `connections.<id>.settings`. Unknown keys are errors. */
export const EbayConnectorSettingsSchema = z.strictObject({
  /** The API root: eBay production by default, `https://api.sandbox.ebay.com` or a local sandbox otherwise. */
  baseUrl: z.url({ protocol: /^https?$/ }).default(ebayProductionUrl),
  /** The application's client id (App ID), e.g. `{ env: EBAY_CLIENT_ID }`. */
  clientId: SecretReferenceSchema,
  /** The application's client secret (Cert ID), e.g. `{ env: EBAY_CLIENT_SECRET }`. */
  clientSecret: SecretReferenceSchema,
  /** The seller's refresh token from the authorization-code grant (valid 18 months), e.g. `{ env: EBAY_REFRESH_TOKEN }`. */
  refreshToken: SecretReferenceSchema,
  /**
   * For sellers who keep no merchant locations: the location key (a key of the connection's `locations`, e.g.
   * `SHIP-TO-HOME`) that stands for an item's undistributed ship-to-home quantity. Items with
   * `availabilityDistributions` are read and written per merchant location as usual.
   */
  shipToHomeLocation: z.string().min(1).max(36).optional(),
  /** How long one call to eBay may take before it is abandoned as a retryable failure. */
  requestTimeoutMs: z.int().min(100).max(120_000).default(30_000),
  /** Sent as `Content-Language` on Inventory API calls. */
  contentLanguage: z
    .string()
    .regex(/^[a-z]{2}-[A-Z]{2}$/)
    .default('en-US'),
  /** Inventory items per `GET /inventory_item` page (eBay allows 1 to 200). */
  pageSize: z.int().min(1).max(200).default(100),
  /** Orders per `GET /order` page (eBay allows 1 to 200). */
  ordersPageSize: z.int().min(1).max(200).default(50),
  /** How far back the first orders poll of a new connection looks. */
  ordersLookbackHours: z
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
  /** Seconds between Fulfillment polls, which heal notifications eBay never delivered. */
  ordersPollIntervalSeconds: z.int().min(15).max(86_400).default(300),
  /**
   * Revisions per listing per day the connector allows itself: eBay's cap is 250; a lower number leaves room for
   * other tools that revise the same listings.
   */
  revisionsPerListingPerDay: z.int().min(1).max(ebayRevisionsPerListingPerDay).default(ebayRevisionsPerListingPerDay),
  /** From this many revisions of a listing in a day on, changes are coalesced: spaced over what is left of the day. */
  coalesceAfterRevisions: z.int().min(0).max(ebayRevisionsPerListingPerDay).default(125),
  /** Revisions kept for a listing selling out (quantity 0), which is never coalesced while any remain. */
  revisionsReservedForSellOut: z.int().min(0).max(50).default(10),
  /** The time zone of eBay's "calendar day" for the revision cap. */
  revisionDayTimeZone: z.string().min(1).default('America/Los_Angeles'),
  /** The Notification API endpoint's verification token (32–80 characters), e.g. `{ env: EBAY_VERIFICATION_TOKEN }`. */
  verificationToken: SecretReferenceSchema.optional(),
  /** The public URL eBay calls with notifications: part of the challenge answer, so it must match eBay's exactly. */
  notificationEndpoint: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a notification public key is reused before it is fetched again (eBay suggests about an hour). */
  publicKeyCacheSeconds: z.int().min(60).max(86_400).default(3_600),
});

export type EbayConnectorSettings = z.infer<typeof EbayConnectorSettingsSchema>;
export type EbayConnectorSettingsInput = z.input<typeof EbayConnectorSettingsSchema>;

export function ebayConfigurationError(connection: string | undefined, problem: string, cause?: unknown) {
  return new ConnectorConfigurationError({ connector: ebayConnectorKind, system: 'eBay', connection, problem, cause });
}

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseEbaySettings(settings: unknown, connection: string): EbayConnectorSettings {
  const parsed = EbayConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw ebayConfigurationError(
    connection,
    `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    parsed.error,
  );
}

/**
 * The connection's SKU for a canonical one, refused when eBay could never hold it: an alias over 50 characters is
 * a configuration mistake, not a vendor refusal, so it is said as one (fix the alias), before any call.
 */
export function ebaySkuFor(mapping: { toExternalSku(sku: string): string; connection: string }, sku: string): string {
  const external = mapping.toExternalSku(sku);
  if (external.length > ebayMaximumSkuLength) {
    throw ebayConfigurationError(
      mapping.connection,
      `SKU ${sku} is known to eBay as "${external}", which has ${external.length} characters; eBay allows at most ` +
        `${ebayMaximumSkuLength}: give it a shorter alias for this connection`,
    );
  }
  return external;
}
