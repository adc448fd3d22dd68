import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  hasVendorBody,
  markError,
  onConnection,
} from './connector-error.ts';

const requestRejectedErrorMarker = Symbol.for('stockwire.connector-error.request-rejected');

export interface RequestRejectedErrorOptions extends ConnectorErrorContext {
  /** What was rejected, e.g. `PUT /inventory_levels/set.json`. */
  target: string;
  vendorStatus: number;
  /** A short excerpt of the vendor's explanation, shown in the message. */
  vendorMessage?: string | undefined;
}

/**
 * The vendor answered a 4xx other than 401/403/429: the request itself is wrong. Not retryable. The HTTP client
 * cannot know which item a request was about, so connectors that can name it turn this into a
 * `PermanentItemError`.
 */
export class RequestRejectedError extends ConnectorError {
  declare readonly vendorStatus: number;

  constructor(options: RequestRejectedErrorOptions) {
    const explanation = options.vendorMessage === undefined ? '' : `: ${options.vendorMessage}`;
    super({
      ...options,
      code: 'request_rejected',
      retryable: false,
      message:
        `the vendor rejected ${options.target} with HTTP ${options.vendorStatus}` +
        `${onConnection(options.connection)}${explanation}. Retrying will not help: compare the request with the ` +
        `vendor's API reference (${
          hasVendorBody(options.vendorBody)
            ? 'the vendor body is attached to this error as vendorBody'
            : 'the vendor returned no body'
        })`,
    });
    this.name = 'RequestRejectedError';
    markError(this, requestRejectedErrorMarker);
  }

  static override isInstance(value: unknown): value is RequestRejectedError {
    return hasErrorMarker(value, requestRejectedErrorMarker);
  }
}
