import { createHttpClient, type HttpClient, readSecret } from '@stockwire/connector-kit';
import { AuthenticationError, RequestRejectedError } from '@stockwire/connector-spec';
import type { SecretReference } from '@stockwire/model';
import { z } from 'zod';
import { type EbayConnectorSettings, ebayConfigurationError, ebayTokenPath, ebayUserScopes } from './ebay-settings.ts';

/** Lenient: only the fields we use of the token endpoint's answer. */
const TokenAnswerSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive().nullish() });

/** The scope of an application token (client credentials), which the Notification API's getPublicKey needs. */
export const ebayApplicationScope = 'https://api.ebay.com/oauth/api_scope';

export type EbayTokenKind = 'user' | 'application';

export interface EbayCredentials {
  /** The `Authorization` header for the next call, minting a token when none is cached or it is about to expire. */
  authorization(kind: EbayTokenKind): Promise<string>;
  /** Forgets a token eBay refused (401), so the next `authorization` mints a new one. */
  invalidate(kind: EbayTokenKind): void;
  /** Every secret value seen so far, for redaction. */
  secrets(): string[];
}

/** Refresh a minute early, so a token never expires between the check and eBay reading it. */
const expiryMarginMs = 60_000;

/**
 * User tokens come from the refresh token (grant_type=refresh_token, valid about 2 hours); application tokens
 * from client credentials. Secrets are read when a call first needs them, never at start-up.
 * https://developer.ebay.com/api-docs/static/oauth-refresh-token-request.html
 */
export function createEbayCredentials(options: {
  settings: EbayConnectorSettings;
  environment: NodeJS.ProcessEnv;
  connection: string;
  now?: () => number;
}): EbayCredentials {
  const { settings, environment, connection } = options;
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  const cached = new Map<EbayTokenKind, { token: string; expiresAt: number }>();
  let tokenClient: HttpClient | undefined;
  const read = (reference: SecretReference, setting: string) => {
    const value = readSecret(reference, setting, environment, (problem) => ebayConfigurationError(connection, problem));
    seen.add(value);
    return value;
  };
  return {
    async authorization(kind) {
      const current = cached.get(kind);
      if (current !== undefined && current.expiresAt - expiryMarginMs > now()) return `Bearer ${current.token}`;
      const clientId = read(settings.clientId, 'clientId');
      const clientSecret = read(settings.clientSecret, 'clientSecret');
      const body =
        kind === 'user'
          ? new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: read(settings.refreshToken, 'refreshToken'),
              scope: ebayUserScopes.join(' '),
            })
          : new URLSearchParams({ grant_type: 'client_credentials', scope: ebayApplicationScope });
      const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
      seen.add(basic);
      tokenClient ??= createHttpClient({
        baseURL: settings.baseUrl.replace(/\/+$/, ''),
        connection,
        timeoutMs: settings.requestTimeoutMs,
      });
      const answer = await tokenClient
        .post(ebayTokenPath, {
          operation: 'refreshAccessToken',
          body,
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
          responseSchema: TokenAnswerSchema,
        })
        .catch((error: unknown) => {
          // `invalid_grant` (HTTP 400): the refresh token expired (18 months) or the seller revoked it — only a new
          // consent fixes that, so it is an authentication failure, not a malformed request.
          if (RequestRejectedError.isInstance(error)) {
            throw new AuthenticationError({
              connection,
              vendorStatus: error.vendorStatus,
              vendorBody: error.vendorBody,
              secrets: [...seen],
              target: `eBay's token endpoint (${kind} token; if the refresh token expired or was revoked, have the seller consent again and set a new refreshToken)`,
            });
          }
          throw error;
        });
      seen.add(answer.data.access_token);
      const minted = { token: answer.data.access_token, expiresAt: now() + (answer.data.expires_in ?? 7_200) * 1_000 };
      cached.set(kind, minted);
      return `Bearer ${minted.token}`;
    },
    invalidate(kind) {
      cached.delete(kind);
    },
    secrets: () => [...seen],
  };
}
