import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { type SecretReference, SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';

export const squareConnectorKind = 'square';

/** Square's two hosts; `baseUrl` overrides both (the sandbox in tests and the demo). */
export const squareProductionUrl = 'https://connect.squareup.com';
export const squareSandboxUrl = 'https://connect.squareupsandbox.com';

/** A connection's settings, as written under `connections.<id>.settings`. Unknown keys are errors. */
export const SquareConnectorSettingsSchema = z.strictObject({
  /** The seller's access token (OAuth or personal), e.g. `{ env: SQUARE_ACCESS_TOKEN }`. */
  accessToken: SecretReferenceSchema,
  /** The webhook subscription's signature key, e.g. `{ env: SQUARE_WEBHOOK_SIGNATURE_KEY }`. */
  webhookSignatureKey: SecretReferenceSchema,
  /**
   * The notification URL exactly as configured in the webhook subscription: Square signs it together with the
   * body, so a proxy that rewrites the URL must not change what is configured here.
   */
  notificationUrl: z.url({ protocol: /^https?$/ }),
  /** `production`, `sandbox` (Square's own test environment), or an explicit base URL (a local sandbox). */
  environment: z.enum(['production', 'sandbox']).default('production'),
  /** Overrides `environment`: the SDK's `baseUrl`, e.g. `http://127.0.0.1:4010` for the local sandbox. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Square location ids Stockwire may write counts into (a back room fed by the ERP). Every other location is a
   * shelf Square owns: its counter sales are Square's own decrements, and a push there fails for that item.
   * Empty (the default): the connection only reads, and has no push capability.
   */
  writableLocations: z.array(z.string().min(1).max(32)).default([]),
  /** Inventory counts per snapshot page (Square allows 1 to 1,000). */
  pageSize: z.number().int().min(1).max(1_000).default(1_000),
  /** Seconds between polls of Square's inventory changes (what a webhook missed). */
  changesIntervalSeconds: z.number().int().min(5).default(60),
  /** Seconds to wait for an answer before the call fails as transient. */
  timeoutSeconds: z.number().int().min(1).max(120).default(30),
});

export type SquareConnectorSettings = z.infer<typeof SquareConnectorSettingsSchema>;
export type SquareConnectorSettingsInput = z.input<typeof SquareConnectorSettingsSchema>;

export function squareConfigurationError(connection: string | undefined, problem: string, cause?: unknown) {
  return new ConnectorConfigurationError({
    connector: squareConnectorKind,
    system: 'Square',
    connection,
    problem,
    cause,
  });
}

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseSquareSettings(settings: unknown, connection: string): SquareConnectorSettings {
  const parsed = SquareConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const problem = `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
  throw squareConfigurationError(connection, problem, parsed.error);
}

/** The base URL the SDK is pointed at: an explicit one, or the environment's host. */
export function squareBaseUrl(settings: SquareConnectorSettings): string {
  if (settings.baseUrl !== undefined) return settings.baseUrl.replace(/\/+$/, '');
  return settings.environment === 'sandbox' ? squareSandboxUrl : squareProductionUrl;
}

/**
 * Reads a secret the moment a call needs it, never when the connector is created, so a connection that is never
 * used needs none. A missing one names the setting and the variable.
 */
export function readSquareSecret(
  reference: SecretReference,
  setting: 'accessToken' | 'webhookSignatureKey',
  environment: NodeJS.ProcessEnv,
  connection: string,
): string {
  const value = environment[reference.env];
  if (value === undefined || value.length === 0) {
    throw squareConfigurationError(
      connection,
      `setting ${setting} names the environment variable ${reference.env}, which is not set; set it in the ` +
        "runner's environment, then resume the connection",
    );
  }
  return value;
}
