import type { HttpClient } from '@stockwire/connector-kit';
import { z } from 'zod';
import { readShipHeroSecret, type ShipHeroAuthentication } from './shiphero-settings.ts';

/**
 * Lenient: only the fields we use of `/auth/token` and `/auth/refresh` answers. ShipHero's access token is a JWT
 * valid for about 28 days (`expires_in` seconds). https://developer.shiphero.com/getting-started
 */
const TokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().nullish(),
  refresh_token: z.string().min(1).nullish(),
});

export interface ShipHeroCredentials {
  /** The `Authorization` header for the next call, exchanging a token first when none is held or it is expiring. */
  authorization(): Promise<string>;
  /** Forgets the held token (after a 401), so the next `authorization()` exchanges a new one. */
  invalidate(): void;
  /** Every secret value seen so far, for redaction. */
  secrets(): string[];
}

interface CredentialsOptions {
  readonly authentication: ShipHeroAuthentication;
  readonly environment: NodeJS.ProcessEnv;
  readonly connection: string;
  readonly tokenClient: () => HttpClient;
  readonly now?: () => number;
}

/** Exchange a day early: a token that expires while a snapshot pages would fail mid-way. */
const expiryMarginMs = 24 * 3_600_000;

/**
 * Secrets are read when the first call needs a token, never at creation. A refresh token is exchanged at
 * `/auth/refresh`; a username and password at `/auth/token` (whose answer also carries a refresh token, kept for the
 * next exchange so the password is sent once per process).
 */
export function createShipHeroCredentials(options: CredentialsOptions): ShipHeroCredentials {
  const { authentication, environment, connection } = options;
  const now = options.now ?? Date.now;
  const seen = new Set<string>();
  let held: { token: string; expiresAt: number } | undefined;
  let issuedRefreshToken: string | undefined;
  let pending: Promise<string> | undefined;
  const read = (reference: { env: string }, setting: string) => {
    const value = readShipHeroSecret(reference, setting, environment, connection);
    seen.add(value);
    return value;
  };
  const exchange = async (): Promise<string> => {
    const refreshToken =
      issuedRefreshToken ??
      (authentication.kind === 'refresh-token'
        ? read(authentication.refreshToken, 'authentication.refreshToken')
        : undefined);
    const answer =
      refreshToken !== undefined
        ? await options.tokenClient().post('/auth/refresh', {
            operation: 'refreshAccessToken',
            body: { refresh_token: refreshToken },
            responseSchema: TokenAnswerSchema,
          })
        : await options.tokenClient().post('/auth/token', {
            operation: 'refreshAccessToken',
            body: passwordBody(authentication, read),
            responseSchema: TokenAnswerSchema,
          });
    seen.add(answer.data.access_token);
    if (answer.data.refresh_token != null) {
      seen.add(answer.data.refresh_token);
      issuedRefreshToken = answer.data.refresh_token;
    }
    held = { token: answer.data.access_token, expiresAt: now() + (answer.data.expires_in ?? 2_419_200) * 1_000 };
    return held.token;
  };
  return {
    async authorization() {
      if (held !== undefined && held.expiresAt - expiryMarginMs > now()) return `Bearer ${held.token}`;
      // One exchange at a time per instance: concurrent calls share it instead of each asking for a token.
      pending ??= exchange().finally(() => {
        pending = undefined;
      });
      return `Bearer ${await pending}`;
    },
    invalidate() {
      held = undefined;
    },
    secrets: () => [...seen],
  };
}

function passwordBody(
  authentication: ShipHeroAuthentication,
  read: (reference: { env: string }, setting: string) => string,
): Record<string, string> {
  if (authentication.kind !== 'password') throw new Error('a refresh-token connection always has a refresh token');
  return {
    username: read(authentication.username, 'authentication.username'),
    password: read(authentication.password, 'authentication.password'),
  };
}
