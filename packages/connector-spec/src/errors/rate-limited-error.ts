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
  /**
   * Who said wait: the vendor (a 429, Shopify's THROTTLED), or the shared limiter before any call was made (our own
   * pacing, which is exact and must not be escalated). Default `vendor`.
   */
  refusedBy?: 'vendor' | 'shared-limiter' | undefined;
}

/** The vendor said "too many requests". Retryable: the runner delays the job by `retryAfterMs`. */
export class RateLimitedError extends ConnectorError {
  readonly retryAfterMs: number;
  readonly refusedBy: 'vendor' | 'shared-limiter';

  constructor(options: RateLimitedErrorOptions) {
    super({
      ...options,
      code: 'rate_limited',
      retryable: true,
      message:
        options.refusedBy === 'shared-limiter'
          ? `the shared rate limiter holds ${options.target ?? 'the request'}${onConnection(options.connection)} ` +
            `for ${options.retryAfterMs} ms to stay within the vendor's limit; the job is delayed automatically`
          : `the vendor rate-limited ${options.target ?? 'the request'}${onConnection(options.connection)} and asked ` +
            `us to wait ${options.retryAfterMs} ms; the job is delayed automatically. If this keeps happening, lower ` +
            'the declared rate limit for this operation so the shared limiter stops short of the vendor limit',
    });
    this.name = 'RateLimitedError';
    this.retryAfterMs = options.retryAfterMs;
    this.refusedBy = options.refusedBy ?? 'vendor';
    markError(this, rateLimitedErrorMarker);
  }

  static override isInstance(value: unknown): value is RateLimitedError {
    return hasErrorMarker(value, rateLimitedErrorMarker);
  }
}
