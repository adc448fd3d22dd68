import type { SandboxRouter } from '@stockwire/connector-kit/sandbox';

export interface SandboxCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** The access token issued for the refresh token; SP-API calls must carry it in `x-amz-access-token`. */
  readonly accessToken: string;
}

/**
 * Login with Amazon's token endpoint (POST https://api.amazon.com/auth/o2/token): a refresh token and the app's
 * client id and secret buy a one-hour access token. https://developer-docs.amazon.com/sp-api/docs/connecting-to-the-selling-partner-api
 */
export function addLoginRoutes(router: SandboxRouter, credentials: SandboxCredentials): void {
  router.on('POST', '/auth/o2/token', (request) => {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (body.client_id !== credentials.clientId || body.client_secret !== credentials.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    }
    if (body.grant_type !== 'refresh_token' || body.refresh_token !== credentials.refreshToken) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'The refresh token is invalid' } };
    }
    return {
      body: {
        access_token: credentials.accessToken,
        refresh_token: credentials.refreshToken,
        token_type: 'bearer',
        expires_in: 3600,
      },
    };
  });
}
