export { bindConnectorLog, currentConnectorLog, runWithConnectorLog } from './connector-log-scope.ts';
export { createHttpClient, type HttpClient } from './http-client.ts';
export type {
  HttpClientOptions,
  HttpLogEntry,
  HttpRequestOptions,
  HttpResponse,
  QueryValue,
  RateFeedback,
} from './http-types.ts';
export type { VendorRetryAfterHeader } from './map-http-failure.ts';
export { parseRetryAfter, parseVendorRetryAfter, type RetryAfterUnit } from './parse-retry-after.ts';
export { defaultRequestTimeoutMs, RequestTimeoutMsSchema } from './request-timeout.ts';
export { defaultSensitiveHeaders, redactHeaders } from './sensitive-headers.ts';
