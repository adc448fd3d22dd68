import {
  AuthenticationError,
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  PermanentItemError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';

const feedInProgressMarker = Symbol.for('stockwire.connector-error.amazon-feed-in-progress');
const invalidCursorMarker = Symbol.for('stockwire.connector-error.amazon-invalid-cursor');

/**
 * The SKU's quantity sits in a JSON_LISTINGS_FEED that Amazon has not finished processing. Retryable: the runner
 * pushes the item again after `retryAfterMs`; that push polls the feed and reports its result instead of
 * sending anything, because a patch sent now could be overwritten by the older value still in the feed.
 */
export class AmazonFeedInProgressError extends ConnectorError {
  readonly feedId: string;
  readonly retryAfterMs: number;

  constructor(options: ConnectorErrorContext & { feedId: string; sku: string; status: string; retryAfterMs: number }) {
    super({
      ...options,
      code: 'amazon_feed_in_progress',
      retryable: true,
      message:
        `SKU "${options.sku}" is in JSON_LISTINGS_FEED ${options.feedId}, which Amazon reports ${options.status}; ` +
        `nothing was sent for it. Push it again in ${options.retryAfterMs} ms to read the feed's result`,
    });
    this.name = 'AmazonFeedInProgressError';
    this.feedId = options.feedId;
    this.retryAfterMs = options.retryAfterMs;
    markError(this, feedInProgressMarker);
  }

  static override isInstance(value: unknown): value is AmazonFeedInProgressError {
    return hasErrorMarker(value, feedInProgressMarker);
  }
}

/** A stored orders cursor that is not ours. Not retryable: starting over silently could repeat or skip orders. */
export class AmazonInvalidCursorError extends ConnectorError {
  constructor(options: ConnectorErrorContext & { problem: string }) {
    super({
      ...options,
      code: 'invalid_cursor',
      retryable: false,
      message: `the stored orders cursor cannot be used: ${options.problem}. Clear it to poll from the start`,
    });
    this.name = 'AmazonInvalidCursorError';
    markError(this, invalidCursorMarker);
  }

  static override isInstance(value: unknown): value is AmazonInvalidCursorError {
    return hasErrorMarker(value, invalidCursorMarker);
  }
}

/** SP-API's error body, read leniently: `{ errors: [{ code, message, details }] }`. */
const AmazonErrorBody = z.object({
  errors: z
    .array(z.object({ code: z.string().nullish(), message: z.string().nullish(), details: z.string().nullish() }))
    .nullish(),
});

export interface AmazonAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export function amazonErrorCode(body: string): { code?: string; message?: string } {
  try {
    const first = AmazonErrorBody.parse(JSON.parse(body)).errors?.[0];
    return { code: first?.code ?? undefined, message: first?.message ?? undefined };
  } catch {
    return {};
  }
}

/**
 * The wait before the next call after a 429. SP-API sends no Retry-After: the applied rate in
 * `x-amzn-RateLimit-Limit` says one token comes back every 1/rate seconds; without it, the published rate does.
 * https://developer-docs.amazon.com/sp-api/docs/usage-plans-and-rate-limits
 */
export function amazonRetryAfterMs(headers: Readonly<Record<string, string>>, publishedRate: number): number {
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return Math.round(retryAfter * 1000);
  const applied = Number(headers['x-amzn-ratelimit-limit']);
  const rate = Number.isFinite(applied) && applied > 0 ? applied : publishedRate;
  return Math.round(1000 / rate);
}

/** An SP-API answer that is not a success, as the kit's typed error. */
export function amazonAnswerError(
  answer: AmazonAnswer,
  context: { target: string; connection: string; publishedRate: number },
): ConnectorError {
  const { code, message } = amazonErrorCode(answer.body);
  const common = { connection: context.connection, vendorStatus: answer.status, vendorBody: answer.body };
  if (answer.status === 429 || code === 'QuotaExceeded') {
    return new RateLimitedError({
      ...common,
      target: context.target,
      retryAfterMs: amazonRetryAfterMs(answer.headers, context.publishedRate),
    });
  }
  if (answer.status === 401 || answer.status === 403)
    return new AuthenticationError({ ...common, target: context.target });
  if (answer.status >= 500) {
    return new TransientError({
      ...common,
      target: context.target,
      reason: `HTTP ${answer.status} ${code ?? ''}`.trim(),
    });
  }
  return new RequestRejectedError({
    ...common,
    target: context.target,
    vendorMessage: [code, message].filter(Boolean).join(': ') || undefined,
  });
}

const transientNetworkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** What the SDK throws (network errors, its own CustomError from Login with Amazon) as a typed error. */
export function amazonThrownError(error: unknown, context: { target: string; connection: string }): ConnectorError {
  if (ConnectorError.isInstance(error)) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && transientNetworkCodes.has(code)) {
    return new TransientError({ connection: context.connection, target: context.target, reason: code, cause: error });
  }
  // Login with Amazon's OAuth errors: https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html
  if (code === 'invalid_client' || code === 'invalid_grant' || code === 'unauthorized_client') {
    return new AuthenticationError({
      connection: context.connection,
      target: `Login with Amazon (${code})`,
      cause: error,
    });
  }
  return new TransientError({
    connection: context.connection,
    target: context.target,
    reason: `${typeof code === 'string' ? `${code}: ` : ''}${message}`,
    cause: error,
  });
}

/** A listings submission Amazon refused for one SKU. */
export function amazonItemError(
  sku: string,
  connection: string,
  issues: readonly { code?: string | null; message?: string | null }[],
): PermanentItemError {
  const reason = issues.map((issue) => `${issue.code ?? '?'}: ${issue.message ?? 'no message'}`).join('; ');
  return new PermanentItemError({ connection, item: sku, reason: reason || 'Amazon marked the submission INVALID' });
}
