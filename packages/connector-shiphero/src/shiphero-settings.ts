import { RequestTimeoutMsSchema } from '@stockwire/connector-kit';
import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

export const shipHeroConnectorKind = 'shiphero';

/**
 * ShipHero's public API root: GraphQL at `/graphql`, tokens at `/auth/token` and `/auth/refresh`.
 * https://developer.shiphero.com/getting-started
 */
export const shipHeroProductionUrl = 'https://public-api.shiphero.com';

const RefreshTokenSchema = z.strictObject({
  kind: z.literal('refresh-token'),
  /** The refresh token from ShipHero's "My Account → Developer" page, e.g. `{ env: SHIPHERO_REFRESH_TOKEN }`. */
  refreshToken: SecretReferenceSchema,
});

const PasswordSchema = z.strictObject({
  kind: z.literal('password'),
  /** The API user's e-mail, e.g. `{ env: SHIPHERO_USERNAME }`. */
  username: SecretReferenceSchema,
  password: SecretReferenceSchema,
});

/** A connection's settings, as written under `connections.<id>.settings`. Unknown keys are errors. */
export const ShipHeroConnectorSettingsSchema = z.strictObject({
  /** The API root: ShipHero production by default, a local sandbox otherwise. */
  baseUrl: z.url({ protocol: /^https?$/ }).default(shipHeroProductionUrl),
  /** How the connector gets its bearer token (exchanged at `/auth/refresh` or `/auth/token`, kept until it expires). */
  authentication: z.discriminatedUnion('kind', [RefreshTokenSchema, PasswordSchema]),
  /** A 3PL's customer account, sent as `customer_account_id` on every query that takes it. */
  customerAccountId: z.string().min(1).optional(),
  /**
   * The `shared_signature_secret` that `webhook_create` returned (once), e.g. `{ env: SHIPHERO_WEBHOOK_SECRET }`;
   * a list when the subscribed webhooks (Inventory Update, Inventory Change) were created with different ones.
   */
  webhookSecret: z.union([SecretReferenceSchema, z.array(SecretReferenceSchema).min(1).max(10)]).optional(),
  /** The reason `inventory_replace` records in ShipHero's inventory log for every quantity Stockwire pushes. */
  pushReason: z.string().min(1).max(200).default('Stockwire sync'),
  /** How long one request may wait for ShipHero's answer before it fails as retryable (ms). */
  requestTimeoutMs: RequestTimeoutMsSchema,
  /** Warehouse products per snapshot page (`first`); ShipHero charges credits in proportion. */
  pageSize: z.int().min(1).max(100).default(50),
  /** Inventory changes per poll page at most (`first`). */
  changesPageSize: z.int().min(1).max(100).default(50),
  /** How far back the first poll of inventory changes looks. */
  changesLookbackHours: z.int().min(1).max(720).default(24),
  /** Seconds between polls of inventory changes (the pass that heals webhook deliveries ShipHero did not make). */
  pollIntervalSeconds: z.int().min(15).max(86_400).default(300),
  /**
   * The credit bucket assumed until the account's `user_quota` is read (the first call of every instance reads
   * it). ShipHero's published figures disagree, so the smaller one is the default.
   */
  assumedCredits: z
    .strictObject({
      maximum: z.int().positive().default(1_001),
      restorePerSecond: z.number().positive().default(15),
    })
    .prefault({}),
});

export type ShipHeroConnectorSettings = z.infer<typeof ShipHeroConnectorSettingsSchema>;
export type ShipHeroConnectorSettingsInput = z.input<typeof ShipHeroConnectorSettingsSchema>;
export type ShipHeroAuthentication = ShipHeroConnectorSettings['authentication'];

export function shipHeroConfigurationError(connection: string | undefined, problem: string, cause?: unknown) {
  return new ConnectorConfigurationError({
    connector: shipHeroConnectorKind,
    system: 'ShipHero',
    connection,
    problem,
    cause,
  });
}

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseShipHeroSettings(settings: unknown, connection: string): ShipHeroConnectorSettings {
  const parsed = ShipHeroConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw shipHeroConfigurationError(
    connection,
    `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    parsed.error,
  );
}

/**
 * Reads a secret the moment a call needs it, never when the connector is created, so a connection that is never
 * used needs none; a missing one names the setting and the variable.
 */
export function readShipHeroSecret(
  reference: { readonly env: string },
  setting: string,
  environment: NodeJS.ProcessEnv,
  connection: string,
): string {
  const value = environment[reference.env];
  if (value === undefined || value.length === 0) {
    throw shipHeroConfigurationError(
      connection,
      `setting ${setting} names the environment variable ${reference.env}, which is not set; set it in the ` +
        "runner's environment, then resume the connection",
    );
  }
  return value;
}
