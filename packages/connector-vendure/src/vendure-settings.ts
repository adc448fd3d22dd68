import { RequestTimeoutMsSchema } from '@stockwire/connector-kit';
import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

export const vendureConnectorKind = 'vendure';

const ApiKeySchema = z.strictObject({
  kind: z.literal('api-key'),
  /** An API key (Vendure ≥ 3.6, `createApiKey`), sent as `vendure-api-key`, e.g. `{ env: VENDURE_API_KEY }`. */
  apiKey: SecretReferenceSchema,
  /** The header the server reads it from (`authOptions.apiKeyHeaderKey`). */
  header: z.string().min(1).default('vendure-api-key'),
});

const SessionTokenSchema = z.strictObject({
  kind: z.literal('session-token'),
  /** An admin session token (bearer), e.g. from `login` with `authOptions.tokenMethod: 'bearer'`. */
  token: SecretReferenceSchema,
});

/** A connection's settings (`connections.<id>.settings`): one Vendure channel. Unknown keys are errors. */
export const VendureConnectorSettingsSchema = z.strictObject({
  /** The Admin API endpoint, e.g. `https://shop.example.com/admin-api`. */
  adminApiUrl: z.url({ protocol: /^https?$/ }),
  /** The channel's token (sent as `vendure-token`; not a secret): a connection is one Vendure channel. Default channel if absent. */
  channel: z.string().min(1).optional(),
  authentication: z.discriminatedUnion('kind', [ApiKeySchema, SessionTokenSchema]),
  /** How long one Admin API call may wait for its answer (ms) before it fails as retryable; default 30 000. */
  requestTimeoutMs: RequestTimeoutMsSchema,
  /** Product variants per snapshot page (Vendure's `adminListQueryLimit` defaults to 1 000). */
  pageSize: z.int().min(1).max(1_000).default(100),
  /** Variants per `updateProductVariants` call. */
  maxBatchSize: z.int().min(1).max(250).default(50),
  /** How many units a `backorder` listing lets Vendure sell below zero (a negative out-of-stock threshold). */
  backorderLimit: z.int().min(1).max(1_000_000).default(100),
  /** The secret shared with `@stockwire/vendure-plugin` to sign deliveries, e.g. `{ env: VENDURE_WEBHOOK_SECRET }`. */
  webhookSecret: SecretReferenceSchema.optional(),
  /** How far a delivery's timestamp may be from our clock before it is refused as a replay. */
  webhookToleranceSeconds: z.int().min(1).max(3_600).default(300),
});

export type VendureConnectorSettings = z.infer<typeof VendureConnectorSettingsSchema>;
export type VendureConnectorSettingsInput = z.input<typeof VendureConnectorSettingsSchema>;
export type VendureAuthentication = VendureConnectorSettings['authentication'];

export function vendureConfigurationError(connection: string | undefined, problem: string, cause?: unknown) {
  return new ConnectorConfigurationError({
    connector: vendureConnectorKind,
    system: 'Vendure',
    connection,
    problem,
    cause,
  });
}

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseVendureSettings(settings: unknown, connection: string): VendureConnectorSettings {
  const parsed = VendureConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw vendureConfigurationError(
    connection,
    `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    parsed.error,
  );
}
