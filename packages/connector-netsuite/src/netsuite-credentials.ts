import type { HttpClient } from '@stockwire/connector-kit';
import { AuthenticationError, ConnectorError } from '@stockwire/connector-spec';
import type { SecretReference } from '@stockwire/model';
import { z } from 'zod';
import { signClientAssertion } from './netsuite-client-assertion.ts';
import { type NetSuiteConnectorSettings, netSuiteBaseUrl, netSuiteConfigurationError } from './netsuite-settings.ts';
import { signTokenBasedRequest } from './netsuite-tba-signature.ts';

/** Lenient: NetSuite answers `expires_in` as a string ("3600"). */
const TokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.union([z.string(), z.number()]).nullish(),
});

export interface NetSuiteCredentials {
  /** The `Authorization` header of one request (TBA signs each request; OAuth 2 sends a cached bearer token). */
  authorization(request: { method: string; url: string }): Promise<string>;
  /** Every secret value read so far, for redaction. */
  secrets(): string[];
  /** Drops a cached token, e.g. after NetSuite refused it. */
  forget(): void;
}

interface CredentialsOptions {
  settings: NetSuiteConnectorSettings;
  environment: NodeJS.ProcessEnv;
  connection: string;
  /** A client whose base URL is the token endpoint's origin (OAuth 2 only). */
  tokenClient: () => HttpClient;
  now?: () => number;
}

/** Renew a minute early, so a token never expires between the check and NetSuite reading it. */
const expiryMarginMs = 60_000;

/** Secrets are read when a call needs them, never when the connector is created; a missing one names its variable. */
export function createNetSuiteCredentials(options: CredentialsOptions): NetSuiteCredentials {
  const { settings, environment, connection } = options;
  const authentication = settings.authentication;
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  let cached: { token: string; expiresAt: number } | undefined;
  const read = (reference: SecretReference, setting: string) => {
    const value = environment[reference.env];
    if (value === undefined || value.length === 0) {
      throw netSuiteConfigurationError(
        connection,
        `setting authentication.${setting} names the environment variable ${reference.env}, which is not set; ` +
          "set it in the runner's environment, then resume the connection",
      );
    }
    seen.add(value);
    return value;
  };

  const issueToken = async () => {
    if (authentication.kind !== 'oauth2-m2m') throw new Error('only OAuth 2 connections issue tokens');
    const tokenUrl = authentication.tokenUrl ?? `${netSuiteBaseUrl(settings)}/services/rest/auth/oauth2/v1/token`;
    const assertion = signClientAssertion(
      {
        clientId: read(authentication.clientId, 'clientId'),
        certificateId: authentication.certificateId,
        audience: tokenUrl,
        scopes: authentication.scopes,
        issuedAt: Math.floor(now() / 1_000),
      },
      read(authentication.privateKey, 'privateKey'),
      authentication.algorithm,
    );
    seen.add(assertion);
    try {
      const answer = await options.tokenClient().post(new URL(tokenUrl).pathname, {
        operation: 'issueAccessToken',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
        }),
        responseSchema: TokenAnswerSchema,
      });
      seen.add(answer.data.access_token);
      const lifetimeSeconds = Number(answer.data.expires_in ?? 3_600) || 3_600;
      cached = { token: answer.data.access_token, expiresAt: now() + lifetimeSeconds * 1_000 };
      return cached.token;
    } catch (error) {
      // The token endpoint answers a refused client or certificate with 400 invalid_grant / invalid_client.
      if (ConnectorError.isInstance(error) && (error.vendorStatus === 400 || error.vendorStatus === 401)) {
        throw new AuthenticationError({
          connection,
          target: `NetSuite's token endpoint (client credentials with certificate ${authentication.certificateId})`,
          vendorStatus: error.vendorStatus,
          vendorBody: error.vendorBody,
          secrets: [...seen],
          cause: error,
        });
      }
      throw error;
    }
  };

  return {
    async authorization(request) {
      if (authentication.kind === 'token-based') {
        return signTokenBasedRequest(
          request,
          {
            realm: settings.account,
            consumerKey: read(authentication.consumerKey, 'consumerKey'),
            consumerSecret: read(authentication.consumerSecret, 'consumerSecret'),
            tokenId: read(authentication.tokenId, 'tokenId'),
            tokenSecret: read(authentication.tokenSecret, 'tokenSecret'),
            // The connector's clock, as for the M2M assertion: NetSuite refuses a timestamp far from its own.
          },
          { timestamp: Math.floor(now() / 1_000) },
        );
      }
      if (cached !== undefined && cached.expiresAt - expiryMarginMs > now()) return `Bearer ${cached.token}`;
      return `Bearer ${await issueToken()}`;
    },
    secrets: () => [...seen],
    forget() {
      cached = undefined;
    },
  };
}
