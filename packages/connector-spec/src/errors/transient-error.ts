import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';

const transientErrorMarker = Symbol.for('stockwire.connector-error.transient');

export interface TransientErrorOptions extends ConnectorErrorContext {
  /** What went wrong, e.g. `HTTP 503`, `no answer within 30000 ms`, `connection reset (ECONNRESET)`. */
  reason: string;
  /** What failed, e.g. `GET /orders`. */
  target?: string | undefined;
}

/** A failure that usually goes away by itself: 5xx answers, timeouts, dropped connections. Retryable. */
export class TransientError extends ConnectorError {
  constructor(options: TransientErrorOptions) {
    super({
      ...options,
      code: 'transient',
      retryable: true,
      message:
        `${options.target ?? 'the request'} failed temporarily${onConnection(options.connection)}: ` +
        `${options.reason}. It will be retried with backoff; if it keeps failing, check the vendor's status page ` +
        'and the network path to the vendor',
    });
    this.name = 'TransientError';
    markError(this, transientErrorMarker);
  }

  static override isInstance(value: unknown): value is TransientError {
    return hasErrorMarker(value, transientErrorMarker);
  }
}
