import { AuthenticationError, ConnectorError } from '@stockwire/connector-spec';
import { describeShipBobErrorBody } from './shipbob-errors.ts';

interface RefreshContext {
  readonly connection: string;
  readonly tokenUrl: string;
  readonly secrets: readonly string[];
}

/**
 * The token endpoint's failure as the error the runner acts on. A 4xx answer (`invalid_grant`: the refresh token
 * was revoked, expired or already rotated; `invalid_client`: a wrong client id or secret) is an AuthenticationError,
 * never retried: only a person running the authorisation flow again can mend it. Timeouts and 5xx stay as the kit
 * typed them (retryable), since the identity server being down says nothing about the grant.
 */
export function refusedRefreshError(error: unknown, context: RefreshContext): unknown {
  if (!ConnectorError.isInstance(error) || error.vendorStatus === undefined) return error;
  if (error.vendorStatus >= 500 || error.vendorStatus === 429 || error.vendorStatus === 408) return error;
  const explanation = describeOAuthError(typeof error.vendorBody === 'string' ? error.vendorBody : undefined);
  return new AuthenticationError({
    connection: context.connection,
    secrets: context.secrets,
    vendorStatus: error.vendorStatus,
    vendorBody: error.vendorBody,
    target:
      `the ShipBob OAuth refresh at ${context.tokenUrl}${explanation === undefined ? '' : ` (${explanation})`}; ` +
      'run the authorisation-code flow again and put the new refresh token in authentication.refreshToken',
    cause: error,
  });
}

/** RFC 6749 §5.2: `{ error, error_description }`; anything else through ShipBob's usual bodies. */
function describeOAuthError(bodyText: string | undefined): string | undefined {
  try {
    const body = JSON.parse(bodyText ?? '') as { error?: unknown; error_description?: unknown };
    if (typeof body.error === 'string') {
      return typeof body.error_description === 'string' ? `${body.error}: ${body.error_description}` : body.error;
    }
  } catch {
    // Not JSON: described below as it is.
  }
  return describeShipBobErrorBody(bodyText);
}
