import { randomUUID } from 'node:crypto';
import type { ConnectorError, ConnectorLogV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError, redactSecrets } from '@stockwire/connector-spec';
import axios, { type AxiosResponse } from 'axios';
import { currentConnectorLog } from './connector-log-scope.ts';
import type { HttpClientOptions, HttpLogEntry, HttpRequestOptions, HttpResponse, QueryValue } from './http-types.ts';
import { errorFromResponse, errorFromTransportFailure } from './map-http-failure.ts';
import { parseBody, readBodyText, readHeaders } from './read-response.ts';
import { redactBodyForLog, redactUrlForLog } from './redact-for-log.ts';
import { defaultRequestTimeoutMs } from './request-timeout.ts';
import { defaultSensitiveHeaders, redactHeaders, secretsFromHeaders } from './sensitive-headers.ts';

type BodyRequest<Data> = Omit<HttpRequestOptions<Data>, 'method' | 'path'>;
type BodylessRequest<Data> = Omit<HttpRequestOptions<Data>, 'method' | 'path' | 'body'>;

export interface HttpClient {
  /** One call, no retries: failures come back as typed connector errors and the runner decides what to do. */
  request<Data = unknown>(options: HttpRequestOptions<Data>): Promise<HttpResponse<Data>>;
  get<Data = unknown>(path: string, options?: BodylessRequest<Data>): Promise<HttpResponse<Data>>;
  delete<Data = unknown>(path: string, options?: BodylessRequest<Data>): Promise<HttpResponse<Data>>;
  post<Data = unknown>(path: string, options?: BodyRequest<Data>): Promise<HttpResponse<Data>>;
  put<Data = unknown>(path: string, options?: BodyRequest<Data>): Promise<HttpResponse<Data>>;
  patch<Data = unknown>(path: string, options?: BodyRequest<Data>): Promise<HttpResponse<Data>>;
}

const defaultTimeoutMs = defaultRequestTimeoutMs;

/** An axios-based client for one vendor account that never retries and never leaks a credential. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const sensitiveHeaders = new Set(
    [...defaultSensitiveHeaders, ...(options.sensitiveHeaders ?? [])].map((name) => name.toLowerCase()),
  );
  const defaultHeaders = options.headers ?? {};
  const baseSecrets = [
    ...(options.secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length > 0),
    ...secretsFromHeaders(defaultHeaders, sensitiveHeaders),
  ];
  const requestIdHeader = (options.requestIdHeader ?? 'x-request-id').toLowerCase();
  const createRequestId = options.createRequestId ?? randomUUID;
  const now = options.now ?? Date.now;
  const instance = axios.create({
    baseURL: options.baseURL,
    // A path is always joined to the base URL, even an absolute one a vendor answer supplied (a `next` link): the
    // account's credentials never go to a host other than the one configured.
    allowAbsoluteUrls: false,
    adapter: options.adapter,
    // Every status comes back as a response; we map failures ourselves so no axios error carrying the
    // request config (and its credentials) ever escapes.
    validateStatus: () => true,
    responseType: 'text',
    // Keep the raw text: vendor bodies go into errors verbatim, and JSON is parsed once, below.
    transformResponse: [(data: unknown) => data],
  });

  // Read per call: a connector bound by the runner (bindConnectorLog) has its log only inside its operations.
  const traceLogOf = (): ConnectorLogV2 | undefined => {
    const connectorLog = options.log ?? currentConnectorLog();
    return connectorLog?.isLevelEnabled?.('trace') === false ? undefined : connectorLog;
  };
  const log = (traceLog: ConnectorLogV2 | undefined, entry: () => HttpLogEntry) => {
    if (options.onLog === undefined && traceLog === undefined) return;
    try {
      const built = entry();
      options.onLog?.(built);
      traceLog?.trace({ http: built }, traceMessage(built));
    } catch {
      // A broken logger must not turn a successful vendor call into a failure (and a duplicate on retry).
    }
  };

  const request = async <Data>(call: HttpRequestOptions<Data>): Promise<HttpResponse<Data>> => {
    const method = call.method.toUpperCase();
    const requestId = createRequestId();
    const headers: Record<string, string> = { ...defaultHeaders, ...call.headers, [requestIdHeader]: requestId };
    const secrets = [...baseSecrets, ...secretsFromHeaders(call.headers ?? {}, sensitiveHeaders)];
    const timeoutMs = call.timeoutMs ?? options.timeoutMs ?? defaultTimeoutMs;
    const query = buildQuery(call.query);
    const url = query.length === 0 ? call.path : `${call.path}?${query}`;
    const target = `${method} ${call.path} (request id ${requestId})`;
    const context = { target, connection: options.connection, secrets };
    const started = performance.now();
    const traceLog = traceLogOf();
    // Built only when someone listens: bodies are parsed and redacted for the log, which costs on every call.
    const logBase = () => ({
      requestId,
      operation: call.operation,
      method,
      url: redactUrlForLog(joinUrl(options.baseURL, url), secrets),
      requestHeaders: redactHeaders(headers, sensitiveHeaders),
      requestBody: redactBodyForLog(call.body, secrets),
    });

    let response: AxiosResponse<unknown>;
    try {
      response = await instance.request({
        method,
        url,
        headers,
        data: call.body,
        timeout: timeoutMs,
        signal: call.signal,
      });
    } catch (error) {
      // The caller cancelled: that is not a vendor failure, so hand back the caller's own reason.
      if (call.signal?.aborted) throw call.signal.reason;
      const failure = errorFromTransportFailure(error, context, timeoutMs);
      const durationMs = performance.now() - started;
      log(traceLog, () => ({ ...logBase(), status: undefined, durationMs, error: describe(failure) }));
      throw failure;
    }

    const responseHeaders = readHeaders(response.headers);
    const bodyText = readBodyText(response.data);
    let feedbackError: string | undefined;
    let failure: ConnectorError | undefined;
    let data: unknown;
    try {
      data = parseBody(response.data, bodyText, responseHeaders['content-type'], target, context);
    } catch (error) {
      failure = error as ConnectorError;
    }
    try {
      await options.rateFeedback?.({
        operation: call.operation,
        status: response.status,
        headers: responseHeaders,
        data: failure === undefined ? data : bodyText,
        requestId,
      });
    } catch (error) {
      // Feedback only tunes the limiter. Failing a call that the vendor already executed would make the
      // runner retry it, and a retried inventory push can apply twice.
      feedbackError = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
    }

    const succeeded = response.status >= 200 && response.status < 300;
    if (!succeeded) {
      failure = errorFromResponse(
        { status: response.status, headers: responseHeaders, body: failure === undefined ? data : bodyText, bodyText },
        context,
        {
          vendorHeader: options.retryAfterHeader,
          fallbackMs: options.defaultRetryAfterMs ?? 1_000,
          now: now(),
        },
      );
    } else if (failure === undefined && call.responseSchema !== undefined) {
      const parsed = call.responseSchema.safeParse(data);
      if (parsed.success) data = parsed.data;
      else {
        failure = MalformedPayloadError.fromZodError(`the response of ${target}`, parsed.error, {
          connection: options.connection,
          secrets,
          vendorStatus: response.status,
          vendorBody: bodyText,
        });
      }
    }

    const durationMs = performance.now() - started;
    // Secrets the answer revealed (a token in a sensitive response header) are redacted from its own log line too.
    const answerSecrets = [...secrets, ...secretsFromHeaders(responseHeaders, sensitiveHeaders)];
    log(traceLog, () => ({
      ...logBase(),
      status: response.status,
      durationMs,
      responseHeaders: redactHeaders(responseHeaders, sensitiveHeaders),
      responseBody: redactBodyForLog(bodyText, answerSecrets),
      ...(failure === undefined ? {} : { error: describe(failure) }),
      ...(feedbackError === undefined ? {} : { feedbackError }),
    }));
    if (failure !== undefined) throw failure;
    return { status: response.status, headers: responseHeaders, data: data as Data, bodyText, requestId };
  };

  return {
    request,
    get: (path, call) => request({ ...call, method: 'GET', path }),
    delete: (path, call) => request({ ...call, method: 'DELETE', path }),
    post: (path, call) => request({ ...call, method: 'POST', path }),
    put: (path, call) => request({ ...call, method: 'PUT', path }),
    patch: (path, call) => request({ ...call, method: 'PATCH', path }),
  };
}

function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values: readonly (string | number | boolean)[] = Array.isArray(value) ? value : [value];
    for (const single of values) parameters.append(name, String(single));
  }
  return parameters.toString();
}

/** Where the request goes, for the log: the base URL and the path, joined as axios does with `allowAbsoluteUrls: false`. */
function joinUrl(baseURL: string, url: string): string {
  if (url.length === 0) return baseURL;
  return `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

/** `GET https://vendor/path?q → 200 in 12 ms`: what an operator scans for; the fields hold the rest. */
function traceMessage(entry: HttpLogEntry): string {
  const outcome = entry.status === undefined ? `no answer (${entry.error?.name ?? 'failed'})` : String(entry.status);
  return `${entry.method} ${entry.url} → ${outcome} in ${Math.round(entry.durationMs)} ms`;
}

function describe(error: ConnectorError): { name: string; message: string } {
  return { name: error.name, message: error.message };
}
