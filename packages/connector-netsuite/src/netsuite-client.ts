import { createHttpClient, type HttpClient, type HttpResponse } from '@stockwire/connector-kit';
import { ConnectorError, MalformedPayloadError, RateLimitedError, type RateLimiterV2 } from '@stockwire/connector-spec';
import { z } from 'zod';
import { createNetSuiteCredentials, type NetSuiteCredentials } from './netsuite-credentials.ts';
import { netSuiteErrorFromResponse } from './netsuite-errors.ts';
import type { NetSuiteOperation } from './netsuite-rate-limits.ts';
import { type NetSuiteConnectorSettings, netSuiteBaseUrl } from './netsuite-settings.ts';

export const suiteQlPath = '/services/rest/query/v1/suiteql';
export const recordPath = '/services/rest/record/v1';

/** Lenient: a SuiteQL page (Collection Paging); rows are validated by the mapper that reads them. */
export const SuiteQlPageSchema = z.object({
  items: z.array(z.unknown()),
  hasMore: z.boolean(),
  count: z.number().nullish(),
  offset: z.number().nullish(),
  totalResults: z.number().nullish(),
});
export type SuiteQlPage = z.infer<typeof SuiteQlPageSchema>;

export interface SuiteQlRequest {
  readonly query: string;
  readonly params?: readonly string[];
  /** At most 1 000; `offset` must be a multiple of it. */
  readonly limit: number;
  readonly offset?: number;
}

export interface NetSuiteClient {
  suiteQl(request: SuiteQlRequest): Promise<SuiteQlPage>;
  /** Creates a record; NetSuite answers 204 with its `Location`, whose last segment is the new internal id. */
  createRecord(type: string, body: unknown, operation: NetSuiteOperation): Promise<string>;
}

export interface NetSuiteClientOptions {
  readonly settings: NetSuiteConnectorSettings;
  readonly connection: string;
  readonly environment: NodeJS.ProcessEnv;
  readonly limiter?: RateLimiterV2 | undefined;
  readonly defaultPauseMs: number;
  readonly now?: () => number;
}

interface Call {
  readonly operation: NetSuiteOperation;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every call to NetSuite: one slot of the account's shared concurrency limit (a refusal is a RateLimitedError,
 * never a sleep), the authorization of this exact request (TBA signs method, URL and query), the kit's HTTP client
 * (never retries) and NetSuite's error bodies read into typed errors.
 */
export function createNetSuiteClient(options: NetSuiteClientOptions): NetSuiteClient {
  const { settings, connection, limiter } = options;
  const baseUrl = netSuiteBaseUrl(settings);
  let http: HttpClient | undefined;
  const clientFor = () => {
    http ??= createHttpClient({
      baseURL: baseUrl,
      connection,
      timeoutMs: settings.requestTimeoutMs,
      defaultRetryAfterMs: 0,
      headers: { accept: 'application/json', 'user-agent': 'stockwire-connector-netsuite' },
    });
    return http;
  };
  const credentials: NetSuiteCredentials = createNetSuiteCredentials({
    settings,
    environment: options.environment,
    connection,
    now: options.now,
    tokenClient: () => {
      const tokenUrl = settings.authentication.kind === 'oauth2-m2m' ? settings.authentication.tokenUrl : undefined;
      return createHttpClient({
        baseURL: tokenUrl === undefined ? baseUrl : new URL(tokenUrl).origin,
        connection,
        timeoutMs: settings.requestTimeoutMs,
      });
    },
  });

  const send = async (call: Call): Promise<HttpResponse<unknown>> => {
    const query = new URLSearchParams(call.query).toString();
    const url = `${baseUrl}${call.path}${query.length === 0 ? '' : `?${query}`}`;
    const decision = await limiter?.acquire(call.operation);
    if (decision !== undefined && !decision.granted) {
      throw new RateLimitedError({
        connection,
        retryAfterMs: decision.waitMs,
        target: `${call.operation} (all ${settings.concurrencySlots} concurrency slots of account ${settings.account} busy)`,
        refusedBy: 'shared-limiter',
      });
    }
    try {
      // Authorised inside the slot: an OAuth 2 token request is a NetSuite call too.
      const authorization = await credentials.authorization({ method: call.method, url });
      const response = await clientFor().request({
        method: call.method,
        path: call.path,
        query: call.query,
        body: call.body,
        operation: call.operation,
        headers: { ...call.headers, authorization },
      });
      await limiter?.observe({ operation: call.operation, status: response.status, headers: response.headers });
      return response;
    } catch (error) {
      const failure = refine(error, `${call.method} ${call.path}`, options, credentials.secrets());
      if (RateLimitedError.isInstance(failure) && failure.refusedBy === 'vendor') {
        await limiter?.observe({ operation: call.operation, status: 429, headers: {} });
        await limiter?.pause(call.operation, failure.retryAfterMs);
      }
      if (failure instanceof Error && failure.name === 'AuthenticationError') credentials.forget();
      throw failure;
    } finally {
      if (decision?.granted) await decision.release();
    }
  };

  return {
    async suiteQl(request) {
      const response = await send({
        operation: 'suiteql',
        method: 'POST',
        path: suiteQlPath,
        query: { limit: String(request.limit), offset: String(request.offset ?? 0) },
        // NetSuite refuses a SuiteQL request without it.
        headers: { prefer: 'transient', 'content-type': 'application/json' },
        body: { q: request.query, ...(request.params === undefined ? {} : { params: request.params }) },
      });
      const parsed = SuiteQlPageSchema.safeParse(response.data);
      if (!parsed.success) throw malformedPage(parsed.error, response, connection);
      return parsed.data;
    },
    async createRecord(type, body, operation) {
      const response = await send({
        operation,
        method: 'POST',
        path: `${recordPath}/${type}`,
        headers: { 'content-type': 'application/json' },
        body,
      });
      const location = response.headers.location ?? '';
      const id = /\/([^/]+)\/?$/.exec(location)?.[1];
      if (id === undefined) {
        throw new MalformedPayloadError({
          connection,
          what: `the answer of POST ${recordPath}/${type}`,
          path: '$.headers.location',
          problem: `expected the new record's URL, received "${location}"`,
          vendorStatus: response.status,
        });
      }
      return id;
    },
  };
}

function malformedPage(error: z.ZodError, response: HttpResponse<unknown>, connection: string): ConnectorError {
  return MalformedPayloadError.fromZodError(`the answer of POST ${suiteQlPath}`, error, {
    connection,
    vendorStatus: response.status,
    vendorBody: response.bodyText,
  });
}

/** The kit typed the failure by status; NetSuite's body adds the code (a 400 may be a concurrency refusal). */
function refine(error: unknown, target: string, options: NetSuiteClientOptions, secrets: string[]): unknown {
  if (!ConnectorError.isInstance(error) || error.vendorStatus === undefined || error.name === 'MalformedPayloadError') {
    return error;
  }
  if (error.name === 'AuthenticationError' && error.message.includes('token endpoint')) return error;
  return netSuiteErrorFromResponse(
    {
      status: error.vendorStatus,
      bodyText: error.vendorBody,
      retryAfterMs: RateLimitedError.isInstance(error) ? error.retryAfterMs : undefined,
    },
    { target, connection: options.connection, secrets, defaultPauseMs: options.defaultPauseMs },
  );
}
