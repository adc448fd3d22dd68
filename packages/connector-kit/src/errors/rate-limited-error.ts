import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';

const rateLimitedErrorMarker = Symbol.for('stockwire.connector-error.rate-limited');

export interface RateLimitedErrorOptions extends ConnectorErrorContext {
  /** How long the vendor asked us to wait before the next call, in milliseconds. */
  retryAfterMs: number;
  /** What was refused, e.g. `GET /orders` or an operation name. */
  target?: string | undefined;
}

/** The vendor said "too many requests". Retryable: the runner delays the job by `retryAfterMs`. */
export class RateLimitedError extends ConnectorError {
  readonly retryAfterMs: number;

  constructor(options: RateLimitedErrorOptions) {
    super({
      ...options,
      code: 'rate_limited',
      retryable: true,
      message:
        `the vendor rate-limited ${options.target ?? 'the request'}${onConnection(options.connection)} and asked ` +
        `us to wait ${options.retryAfterMs} ms; the job is delayed automatically. If this keeps happening, lower ` +
        'the declared rate limit for this operation so the shared limiter stops short of the vendor limit',
    });
    this.name = 'RateLimitedError';
    this.retryAfterMs = options.retryAfterMs;
    markError(this, rateLimitedErrorMarker);
  }

  static override isInstance(value: unknown): value is RateLimitedError {
    return hasErrorMarker(value, rateLimitedErrorMarker);
  }
}
