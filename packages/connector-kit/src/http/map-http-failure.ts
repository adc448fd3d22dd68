import {
  AuthenticationError,
  ConnectorError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { isAxiosError } from 'axios';
import { parseRetryAfter, parseVendorRetryAfter, type RetryAfterUnit } from './parse-retry-after.ts';

export interface VendorRetryAfterHeader {
  /** Header name, any case, e.g. `x-ratelimit-reset`. */
  name: string;
  unit: RetryAfterUnit;
}

export interface FailureContext {
  /** What was called, for messages: `GET /orders (request id …)`. */
  target: string;
  connection: string | undefined;
  secrets: readonly string[];
}

export interface FailedResponse {
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body was JSON, else the text. */
  body: unknown;
  bodyText: string;
}

export interface RetryAfterSettings {
  vendorHeader: VendorRetryAfterHeader | undefined;
  /** Used when a 429 says nothing about how long to wait. */
  fallbackMs: number;
  now: number;
}

/** Turns a non-2xx answer into the typed error the runner acts on. */
export function errorFromResponse(
  response: FailedResponse,
  context: FailureContext,
  retryAfter: RetryAfterSettings,
): ConnectorError {
  const common = {
    target: context.target,
    connection: context.connection,
    secrets: context.secrets,
    vendorStatus: response.status,
    vendorBody: response.body,
  };
  if (response.status === 429) {
    const vendorHeader = retryAfter.vendorHeader;
    const retryAfterMs =
      parseRetryAfter(response.headers['retry-after'], retryAfter.now) ??
      (vendorHeader === undefined
        ? undefined
        : parseVendorRetryAfter(
            response.headers[vendorHeader.name.toLowerCase()],
            vendorHeader.unit,
            retryAfter.now,
          )) ??
      retryAfter.fallbackMs;
    return new RateLimitedError({ ...common, retryAfterMs });
  }
  if (response.status === 401 || response.status === 403) return new AuthenticationError(common);
  // 408 Request Timeout is the server giving up on a slow request: as transient as a 5xx.
  if (response.status >= 500 || response.status === 408) {
    return new TransientError({ ...common, reason: `the vendor answered HTTP ${response.status}` });
  }
  return new RequestRejectedError({ ...common, vendorMessage: excerpt(response.bodyText) });
}

/** Codes that mean we built a request axios cannot send: a bug or a bad setting, so retrying cannot help. */
const misuseCodes = new Set(['ERR_INVALID_URL', 'ERR_BAD_OPTION', 'ERR_BAD_OPTION_VALUE', 'ERR_NOT_SUPPORT']);

/** Turns a failure without an answer (timeout, reset, refused, DNS) into a typed error. */
export function errorFromTransportFailure(error: unknown, context: FailureContext, timeoutMs: number): ConnectorError {
  const code = isAxiosError(error) ? error.code : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  const common = { target: context.target, connection: context.connection, secrets: context.secrets };
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new TransientError({ ...common, reason: `no answer within ${timeoutMs} ms (${code})` });
  }
  if (code !== undefined && misuseCodes.has(code)) {
    return new ConnectorError({
      ...common,
      code: 'request_invalid',
      retryable: false,
      message: `could not send ${context.target}: ${detail} (${code}). Check the connection's base URL and settings`,
    });
  }
  // Resets, refusals, DNS hiccups and anything else without an answer: the network usually heals.
  const reason = code === undefined ? `network failure: ${detail}` : `network failure (${code}): ${detail}`;
  return new TransientError({ ...common, reason });
}

/** The first few hundred characters of a vendor body on one line, for a message a human reads in a log. */
function excerpt(bodyText: string): string | undefined {
  const oneLine = bodyText.replace(/\s+/g, ' ').trim();
  if (oneLine.length === 0) return undefined;
  return oneLine.length <= 300 ? oneLine : `${oneLine.slice(0, 300)}…`;
}
