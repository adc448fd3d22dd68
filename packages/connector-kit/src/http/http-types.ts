import type { ConnectorLogV2 } from '@stockwire/connector-spec';
import type { AxiosRequestConfig } from 'axios';
import type { ZodType } from 'zod';
import type { VendorRetryAfterHeader } from './map-http-failure.ts';

export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

export interface HttpRequestOptions<Data = unknown> {
  method: string;
  /** Relative to the client's `baseURL`, without the query string. Even an absolute URL is joined to `baseURL`. */
  path: string;
  /** Arrays repeat the parameter (`tag=a&tag=b`); undefined values are left out. */
  query?: Readonly<Record<string, QueryValue>>;
  /** Plain objects are sent as JSON; strings, URLSearchParams and bytes as they are. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** The vendor operation this call belongs to (e.g. `getInventorySummaries`), passed to rate feedback and logs. */
  operation?: string;
  /** Overrides the client's timeout for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A lenient schema of the vendor's answer; a mismatch becomes a `MalformedPayloadError` naming the path. */
  responseSchema?: ZodType<Data>;
}

export interface HttpResponse<Data = unknown> {
  status: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON (validated by `responseSchema` when given), the text for other content types, undefined if empty. */
  data: Data;
  bodyText: string;
  requestId: string;
}

/** What a connector's rate-feedback hook sees of every answer, successful or not. */
export interface RateFeedback {
  operation: string | undefined;
  status: number;
  /** Lower-cased header names, e.g. `x-amzn-ratelimit-limit`. */
  headers: Readonly<Record<string, string>>;
  /** The parsed body, for vendors that report limits in it (Shopify GraphQL's `extensions.cost`). */
  data: unknown;
  requestId: string;
}

/** One finished call, as the log hook receives it. Secrets are already redacted. */
export interface HttpLogEntry {
  requestId: string;
  operation: string | undefined;
  method: string;
  /** The full URL with query; known secrets and secret-looking query parameters (`access_token=`) redacted. */
  url: string;
  requestHeaders: Readonly<Record<string, string>>;
  /** What was sent, as text: secret-looking fields and known secrets redacted, cut at 2 KB. Undefined: no body. */
  requestBody?: string | undefined;
  /** Lower-cased, sensitive ones (`set-cookie`) redacted. Undefined when no answer came. */
  responseHeaders?: Readonly<Record<string, string>>;
  /** The answer, redacted and cut like `requestBody`. */
  responseBody?: string | undefined;
  /** Undefined when no answer came (timeout, network). */
  status: number | undefined;
  durationMs: number;
  /** Set when the call failed: the typed error's name and redacted message. */
  error?: { name: string; message: string };
  /** Set when the rate-feedback hook threw; the call itself still succeeded or failed on its own merits. */
  feedbackError?: string;
}

export interface HttpClientOptions {
  /** The vendor API root, e.g. `https://shop.myshopify.com/admin/api/2025-01`. */
  baseURL: string;
  /** Per-call timeout. Default 30 000 ms. */
  timeoutMs?: number;
  /** Sent with every call (credentials go here; sensitive ones are redacted everywhere). */
  headers?: Readonly<Record<string, string>>;
  /** Replaces axios' transport, e.g. in tests that must not touch the network. */
  adapter?: AxiosRequestConfig['adapter'];
  /** The Stockwire connection these calls belong to; named in every error. */
  connection?: string;
  /** Extra secret values to redact from errors and logs (tokens sent in bodies or queries, signing keys). */
  secrets?: readonly (string | undefined)[];
  /** More header names whose values are secret, on top of authorization, cookies and the vendors' token headers. */
  sensitiveHeaders?: readonly string[];
  /** Where a vendor says how long to wait when it sends no `Retry-After` on a 429. */
  retryAfterHeader?: VendorRetryAfterHeader;
  /** Wait used when a 429 says nothing at all. Default 1 000 ms. */
  defaultRetryAfterMs?: number;
  /** Default `x-request-id`. */
  requestIdHeader?: string;
  /** Default `crypto.randomUUID`. */
  createRequestId?: () => string;
  /** Receives one entry per call, secrets redacted. Must not throw; if it does, the error is ignored. */
  onLog?: (entry: HttpLogEntry) => void;
  /**
   * Where one `trace` line per call goes (`ConnectorContextV2.log`). Default: the log the runner bound to the
   * connector operation in progress (`bindConnectorLog`), so a connector that passes nothing still gets lines.
   */
  log?: ConnectorLogV2 | undefined;
  /** Reads vendor rate headers of every answer and passes them on (typically to the shared limiter). */
  rateFeedback?: (feedback: RateFeedback) => void | Promise<void>;
  /** Clock for reading HTTP-date `Retry-After` values. Default `Date.now`. */
  now?: () => number;
}
