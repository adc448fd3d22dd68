import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';
import { netSuiteItemKeys } from './netsuite-queries.ts';
import { netSuiteRequestTimeoutMs } from './netsuite-rate-limits.ts';

export const netSuiteConnectorKind = 'netsuite';

/**
 * A NetSuite account id as NetSuite writes it in Setup > Company > Company Information: digits, optionally with a
 * sandbox or release-preview suffix (`123456`, `123456_SB1`, `123456_RP`). It is the TBA `realm` as written.
 */
export const NetSuiteAccountIdSchema = z
  .string()
  .regex(/^[0-9A-Za-z]+(?:[_-][0-9A-Za-z]+)?$/, 'a NetSuite account id such as 123456 or 123456_SB1');

/** The host of an account: lower case, `_` becomes `-` (`123456_SB1` → `123456-sb1.suitetalk.api.netsuite.com`). */
export function netSuiteDefaultBaseUrl(account: string): string {
  return `https://${account.toLowerCase().replace(/_/g, '-')}.suitetalk.api.netsuite.com`;
}

const TokenBasedSchema = z.strictObject({
  /** OAuth 1.0a token-based authentication (existing integrations; no new ones from release 2027.1). */
  kind: z.literal('token-based'),
  /** The integration record's consumer key and secret, e.g. `{ env: NETSUITE_CONSUMER_KEY }`. */
  consumerKey: SecretReferenceSchema,
  consumerSecret: SecretReferenceSchema,
  /** The access token (token id and secret) issued to the integration user's role. */
  tokenId: SecretReferenceSchema,
  tokenSecret: SecretReferenceSchema,
});

const MachineToMachineSchema = z.strictObject({
  /** OAuth 2.0 client credentials with a certificate-signed JWT (NetSuite's recommended flow). */
  kind: z.literal('oauth2-m2m'),
  /** The integration record's client id. */
  clientId: SecretReferenceSchema,
  /** The certificate id NetSuite shows after the public certificate is uploaded (OAuth 2.0 Client Credentials Setup). */
  certificateId: z.string().min(1),
  /** The PEM private key of that certificate, e.g. `{ env: NETSUITE_PRIVATE_KEY }`. */
  privateKey: SecretReferenceSchema,
  /** The JWT signature algorithm; NetSuite accepts RSA-PSS and EC keys (PS256 for an RSA certificate). */
  algorithm: z.enum(['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512']).default('PS256'),
  scopes: z
    .array(z.enum(['rest_webservices', 'restlets', 'suite_analytics']))
    .min(1)
    .default(['rest_webservices']),
  /** Where tokens are issued; default `<baseUrl>/services/rest/auth/oauth2/v1/token`. Only a sandbox changes it. */
  tokenUrl: z.url({ protocol: /^https?$/ }).optional(),
});

const PushSchema = z.strictObject({
  /** The internal id of the account inventory adjustments post to (an expense or COGS account). */
  adjustmentAccount: z.string().regex(/^\d+$/, 'the internal id of the adjustment account'),
  /** The subsidiary the adjustments belong to (OneWorld accounts); leave out on accounts without subsidiaries. */
  subsidiary: z.string().regex(/^\d+$/, 'the internal id of the subsidiary').optional(),
  /** The adjustment's memo, so finance can tell Stockwire's adjustments apart. */
  memo: z.string().max(999).default('Stockwire: stock matched to the system of record'),
});

const ReservationsSchema = z.strictObject({
  /**
   * Sales orders created longer ago than this are left to the snapshot's committed total: their holds predate the
   * engine's settle horizon (15 days by default), so keep this below it.
   */
  maximumOrderAgeDays: z.int().min(1).max(60).default(14),
});

/** A connection's settings, as written under `connections.<id>.settings`. Unknown keys are errors. */
export const NetSuiteConnectorSettingsSchema = z.strictObject({
  account: NetSuiteAccountIdSchema,
  /** The SuiteTalk REST root; default `https://<account>.suitetalk.api.netsuite.com`. A local sandbox goes here. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  authentication: z.discriminatedUnion('kind', [TokenBasedSchema, MachineToMachineSchema]),
  /**
   * How long one NetSuite call may wait for its answer (ms) before it fails as retryable; default and maximum
   * 120 000 (SuiteQL pages are slow; the account's concurrency slot is leased a little longer than this).
   */
  requestTimeoutMs: z.int().min(100).max(netSuiteRequestTimeoutMs).default(netSuiteRequestTimeoutMs),
  /** Item-locations per SuiteQL page of the snapshot (NetSuite's maximum is 1 000). */
  pageSize: z.int().min(1).max(1_000).default(1_000),
  /** Transaction lines per SuiteQL page of a change poll. */
  changesPageSize: z.int().min(1).max(1_000).default(500),
  /** How far back the very first change poll looks (later polls resume from their cursor). */
  changesLookbackHours: z
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  pollIntervalSeconds: z.int().min(15).max(86_400).default(120),
  /**
   * The account's concurrency limit: 5 on a shared (base) account, 15 on tier 1, plus 10 per SuiteCloud Plus
   * licence. Shared by every integration of the account, so set it to the share Stockwire may use.
   */
  concurrencySlots: z.int().min(1).max(1_000).default(5),
  /**
   * Which item field holds the SKU the connection's aliases name: the item name (`itemId`, NetSuite's "Item
   * Name/Number"), the UPC code (`upcCode`) or the external id (`externalId`, set by an import or another system).
   */
  itemKey: z.enum(netSuiteItemKeys).default('itemId'),
  /**
   * Present: committed sales order lines become reservations (and their fulfilments end them). Set it only where
   * NetSuite is the authority for committed stock; elsewhere the engine would refuse the events.
   */
  reservations: ReservationsSchema.optional(),
  /** Present: NetSuite follows a system of record and absolute targets become inventory adjustments. */
  push: PushSchema.optional(),
});

export type NetSuiteConnectorSettings = z.infer<typeof NetSuiteConnectorSettingsSchema>;
export type NetSuiteConnectorSettingsInput = z.input<typeof NetSuiteConnectorSettingsSchema>;
export type NetSuiteAuthentication = NetSuiteConnectorSettings['authentication'];

export function netSuiteConfigurationError(connection: string | undefined, problem: string, cause?: unknown) {
  return new ConnectorConfigurationError({
    connector: netSuiteConnectorKind,
    system: 'NetSuite',
    connection,
    problem,
    cause,
  });
}

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseNetSuiteSettings(settings: unknown, connection: string): NetSuiteConnectorSettings {
  const parsed = NetSuiteConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw netSuiteConfigurationError(
    connection,
    `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    parsed.error,
  );
}

/** The base URL calls go to, without a trailing slash. */
export function netSuiteBaseUrl(settings: NetSuiteConnectorSettings): string {
  return (settings.baseUrl ?? netSuiteDefaultBaseUrl(settings.account)).replace(/\/+$/, '');
}
