import type { HttpClient } from '@stockwire/connector-kit';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import type { SecretReference } from '@stockwire/model';
import { z } from 'zod';
import { type ShipBobAuthentication, shipBobConfigurationError } from './shipbob-settings.ts';
import { refusedRefreshError } from './shipbob-token-errors.ts';

/**
 * Reads a secret the moment a call needs it, never when the connector is created, so a connection that is never
 * used needs none; a missing one names the setting and the variable.
 */
export function readShipBobSecret(
  reference: SecretReference,
  setting: string,
  environment: NodeJS.ProcessEnv,
  connection: string,
): string {
  const value = environment[reference.env];
  if (value === undefined || value.length === 0) {
    throw shipBobConfigurationError(
      connection,
      `setting ${setting} names the environment variable ${reference.env}, which is not set; set it in the ` +
        "runner's environment, then resume the connection",
    );
  }
  return value;
}

/** Lenient: only the fields we use of the token endpoint's answer. */
const TokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().nullish(),
  refresh_token: z.string().min(1).nullish(),
});

export interface ShipBobCredentials {
  /** The `Authorization` header value for the next call. */
  authorization(): Promise<string>;
  /**
   * ShipBob refused this `Authorization` value (401): forget it, so the next `authorization()` refreshes. Returns
   * whether a retry can use a different credential (false for a PAT, which has no refresh).
   */
  rejected(authorization: string): boolean;
  /** Every secret value seen so far, for redaction. */
  secrets(): string[];
}

interface CredentialsOptions {
  authentication: ShipBobAuthentication;
  environment: NodeJS.ProcessEnv;
  connection: string;
  /** A client for the token endpoint (OAuth only), told the secrets its request carries so it never logs them. */
  tokenClient?: (secrets: string[]) => HttpClient;
  state?: ConnectorStateStoreV2 | undefined;
  now?: () => number;
}

/** Refresh a minute early, so a token never expires between the check and ShipBob reading it. */
export const expiryMarginMs = 60_000;
const rotatedRefreshTokenKey = 'oauth-refresh-token';

/**
 * A PAT is sent as it is. OAuth exchanges the refresh token for an access token when none is cached or it is about
 * to expire; a rotated refresh token is kept in the connection's shared state (when there is one) so every process
 * uses the newest, since ShipBob's identity server may invalidate the old one on use. Concurrent calls share one
 * refresh, so a rotated refresh token is never spent twice.
 */
export function createShipBobCredentials(options: CredentialsOptions): ShipBobCredentials {
  const { authentication, environment, connection } = options;
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  let cached: { token: string; expiresAt: number } | undefined;
  let refreshing: Promise<string> | undefined;
  const read = (reference: SecretReference, setting: string) => {
    const value = readShipBobSecret(reference, setting, environment, connection);
    seen.add(value);
    return value;
  };

  const refresh = async (oauth: Extract<ShipBobAuthentication, { kind: 'oauth' }>): Promise<string> => {
    const clientId = read(oauth.clientId, 'authentication.clientId');
    const clientSecret = read(oauth.clientSecret, 'authentication.clientSecret');
    const stored = await options.state?.get<string>(rotatedRefreshTokenKey);
    const refreshToken = stored ?? read(oauth.refreshToken, 'authentication.refreshToken');
    seen.add(refreshToken);
    if (options.tokenClient === undefined) throw new Error('an OAuth connection needs a token client');
    let answer: Awaited<ReturnType<HttpClient['post']>> & { data: z.infer<typeof TokenAnswerSchema> };
    try {
      answer = await options.tokenClient([...seen]).post(new URL(oauth.tokenUrl).pathname, {
        operation: 'refreshAccessToken',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: clientId,
          client_secret: clientSecret,
          refresh_token: refreshToken,
        }),
        responseSchema: TokenAnswerSchema,
      });
    } catch (error) {
      throw refusedRefreshError(error, { connection, tokenUrl: oauth.tokenUrl, secrets: [...seen] });
    }
    seen.add(answer.data.access_token);
    if (answer.data.refresh_token != null && answer.data.refresh_token !== refreshToken) {
      seen.add(answer.data.refresh_token);
      await options.state?.set(rotatedRefreshTokenKey, answer.data.refresh_token);
    }
    cached = { token: answer.data.access_token, expiresAt: now() + (answer.data.expires_in ?? 3_600) * 1_000 };
    return cached.token;
  };

  return {
    async authorization() {
      if (authentication.kind === 'personal-access-token') {
        return `Bearer ${read(authentication.token, 'authentication.token')}`;
      }
      if (cached !== undefined && cached.expiresAt - expiryMarginMs > now()) return `Bearer ${cached.token}`;
      refreshing ??= refresh(authentication).finally(() => {
        refreshing = undefined;
      });
      return `Bearer ${await refreshing}`;
    },
    rejected(authorization) {
      if (authentication.kind === 'personal-access-token') return false;
      // Only forget the token that was refused: a call that raced a refresh must not throw away the new one.
      if (cached !== undefined && authorization === `Bearer ${cached.token}`) cached = undefined;
      return true;
    },
    secrets: () => [...seen],
  };
}
