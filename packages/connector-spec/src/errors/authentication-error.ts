import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';

const authenticationErrorMarker = Symbol.for('stockwire.connector-error.authentication');

export interface AuthenticationErrorOptions extends ConnectorErrorContext {
  /** What was refused, e.g. `GET /orders`. */
  target?: string | undefined;
}

/**
 * The vendor refused our credentials (401) or their permissions (403). Not retryable: retrying with the same
 * credentials only burns rate limit and can get the account locked.
 */
export class AuthenticationError extends ConnectorError {
  constructor(options: AuthenticationErrorOptions) {
    const status = options.vendorStatus === undefined ? '' : ` (HTTP ${options.vendorStatus})`;
    super({
      ...options,
      code: 'authentication_failed',
      retryable: false,
      message:
        `the vendor refused our credentials${status} for ${options.target ?? 'the request'}` +
        `${onConnection(options.connection)}. Check the connection's credentials (not expired or revoked, the ` +
        'required scopes or permissions granted), then resume the connection',
    });
    this.name = 'AuthenticationError';
    markError(this, authenticationErrorMarker);
  }

  static override isInstance(value: unknown): value is AuthenticationError {
    return hasErrorMarker(value, authenticationErrorMarker);
  }
}
