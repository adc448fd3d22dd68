import { randomBytes } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';

export interface SandboxCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

/**
 * eBay's OAuth token endpoint and the bearer check of every API call. Tokens expire after `lifetimeSeconds`
 * (eBay: 7,200), or at once with `expireAll`, as when eBay revokes them early.
 */
export function createSandboxOauth(lifetimeSeconds: number, now: () => number) {
  const credentials: SandboxCredentials = {
    clientId: `Stockwir-Sandbox-PRD-${randomBytes(4).toString('hex')}`,
    clientSecret: `PRD-${randomBytes(12).toString('hex')}`,
    refreshToken: `v^1.1#i^1#r^1#${randomBytes(24).toString('base64url')}`,
  };
  const tokens = new Map<string, { kind: 'user' | 'application'; expiresAt: number }>();
  let minted = 0;
  const oauthError = (status: number, error: string, description: string): SandboxResponse => ({
    status,
    body: { error, error_description: description },
  });
  return {
    credentials,
    get minted() {
      return minted;
    },
    expireAll() {
      for (const token of tokens.values()) token.expiresAt = 0;
    },
    /** POST /identity/v1/oauth2/token */
    token(request: SandboxRequest): SandboxResponse {
      const expected = Buffer.from(`${credentials.clientId}:${credentials.clientSecret}`).toString('base64');
      if (request.headers.authorization !== `Basic ${expected}`) {
        return oauthError(401, 'invalid_client', 'client authentication failed');
      }
      const form = new URLSearchParams(request.bodyText);
      const grant = form.get('grant_type');
      if (grant === 'refresh_token' && form.get('refresh_token') !== credentials.refreshToken) {
        return oauthError(
          400,
          'invalid_grant',
          'the provided authorization refresh token is invalid or was issued to another client',
        );
      }
      if (grant !== 'refresh_token' && grant !== 'client_credentials') {
        return oauthError(400, 'unsupported_grant_type', `grant type ${grant} is not supported`);
      }
      const kind = grant === 'refresh_token' ? 'user' : 'application';
      const token = `v^1.1#i^1#${kind === 'user' ? 'p' : 'f'}^3#${randomBytes(24).toString('base64url')}`;
      tokens.set(token, { kind, expiresAt: now() + lifetimeSeconds * 1_000 });
      minted++;
      return {
        body: {
          access_token: token,
          expires_in: lifetimeSeconds,
          token_type: kind === 'user' ? 'User Access Token' : 'Application Access Token',
        },
      };
    },
    /** undefined when the bearer token is good; eBay's 401 otherwise. */
    check(request: SandboxRequest): SandboxResponse | undefined {
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const token = bearer === undefined ? undefined : tokens.get(bearer);
      if (token !== undefined && token.expiresAt > now()) return undefined;
      return {
        status: 401,
        body: {
          errors: [
            {
              errorId: 1001,
              domain: 'OAuth',
              category: 'REQUEST',
              message: 'Invalid access token',
              longMessage: 'Invalid access token. Check the value of the Authorization HTTP request header.',
            },
          ],
        },
      };
    },
  };
}
