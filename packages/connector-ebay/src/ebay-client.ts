import { createHttpClient, type HttpClient, type HttpResponse, type QueryValue } from '@stockwire/connector-kit';
import { AuthenticationError, ConnectorError, RateLimitedError, type RateLimiterV2 } from '@stockwire/connector-spec';
import type { ZodType } from 'zod';
import { createEbayCredentials, type EbayCredentials, type EbayTokenKind } from './ebay-credentials.ts';
import { ebayErrorFromResponse } from './ebay-errors.ts';
import type { EbayOperation } from './ebay-rate-limits.ts';
import type { EbayConnectorSettings } from './ebay-settings.ts';

export interface EbayCall<Data> {
  readonly operation: EbayOperation;
  readonly method: 'GET' | 'POST';
  /** From the API root: `/sell/inventory/v1/bulk_update_price_quantity`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly responseSchema: ZodType<Data>;
  /** Default `user`; the Notification API's public keys take an application token. */
  readonly token?: EbayTokenKind;
  /** Statuses that are answers, not failures (getOffers' 404 means "no offer for this SKU"). */
  readonly acceptStatuses?: readonly number[];
}

export interface EbayClient {
  call<Data>(call: EbayCall<Data>): Promise<HttpResponse<Data> | { status: number; data: undefined; bodyText: string }>;
  secrets(): string[];
}

export interface EbayClientOptions {
  settings: EbayConnectorSettings;
  connection: string;
  environment: NodeJS.ProcessEnv;
  limiter?: RateLimiterV2 | undefined;
  now?: () => number;
}

/**
 * Every call to eBay: one ask of the shared limiter (a refusal is a RateLimitedError, never a sleep), the token for
 * the call, the kit's HTTP client (never retries), and eBay's error container read into typed errors. A 401 means
 * the access token expired early or was revoked: the token is minted again and the call sent once more — renewing
 * a credential, not retrying a failure; a second 401 is an AuthenticationError.
 */
export function createEbayClient(options: EbayClientOptions): EbayClient {
  const { settings, connection, limiter } = options;
  let http: HttpClient | undefined;
  const credentials: EbayCredentials = createEbayCredentials({
    settings,
    environment: options.environment,
    connection,
    now: options.now,
  });
  const clientFor = () => {
    http ??= createHttpClient({
      baseURL: settings.baseUrl.replace(/\/+$/, ''),
      connection,
      timeoutMs: settings.requestTimeoutMs,
      headers: { accept: 'application/json', 'user-agent': 'stockwire-connector-ebay' },
    });
    return http;
  };
  const send = async <Data>(call: EbayCall<Data>, kind: EbayTokenKind) =>
    await clientFor().request({
      method: call.method,
      path: call.path,
      operation: call.operation,
      query: call.query,
      body: call.body,
      headers: {
        authorization: await credentials.authorization(kind),
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(call.path.startsWith('/sell/inventory/') ? { 'content-language': settings.contentLanguage } : {}),
      },
      responseSchema: call.responseSchema,
    });

  return {
    async call(call) {
      const kind = call.token ?? 'user';
      const decision = await limiter?.acquire(call.operation);
      if (decision !== undefined && !decision.granted) {
        throw new RateLimitedError({
          connection,
          retryAfterMs: decision.waitMs,
          target: call.operation,
          refusedBy: 'shared-limiter',
        });
      }
      try {
        let response: HttpResponse<unknown>;
        try {
          response = await send(call, kind);
        } catch (error) {
          if (!AuthenticationError.isInstance(error) || error.vendorStatus !== 401) throw error;
          credentials.invalidate(kind);
          response = await send(call, kind);
        }
        await limiter?.observe({ operation: call.operation, status: response.status, headers: response.headers });
        return response as HttpResponse<never>;
      } catch (error) {
        if (
          ConnectorError.isInstance(error) &&
          error.vendorStatus !== undefined &&
          call.acceptStatuses?.includes(error.vendorStatus) === true
        ) {
          return { status: error.vendorStatus, data: undefined, bodyText: error.vendorBody ?? '' };
        }
        const failure = refine(error, `${call.method} ${call.path}`, connection, credentials.secrets());
        if (RateLimitedError.isInstance(failure)) {
          await limiter?.observe({ operation: call.operation, status: 429, headers: {} });
          await limiter?.pause(call.operation, failure.retryAfterMs);
        }
        throw failure;
      } finally {
        if (decision?.granted === true) await decision.release();
      }
    },
    secrets: () => credentials.secrets(),
  };
}

/**
 * The kit typed the failure by status; eBay's error container adds the explanation and the SYSTEM category.
 * Failures without an answer (timeouts, resets) and unreadable answers stay as the kit made them.
 */
function refine(error: unknown, target: string, connection: string, secrets: string[]): unknown {
  if (!ConnectorError.isInstance(error) || error.vendorStatus === undefined || error.name === 'MalformedPayloadError') {
    return error;
  }
  // Already read by the credentials (a refused refresh token answers 400 invalid_grant, not eBay's error container).
  if (AuthenticationError.isInstance(error) && error.vendorStatus !== 401 && error.vendorStatus !== 403) return error;
  return ebayErrorFromResponse(
    {
      status: error.vendorStatus,
      bodyText: error.vendorBody,
      retryAfterMs: RateLimitedError.isInstance(error) ? error.retryAfterMs : undefined,
    },
    { target, connection, secrets },
  );
}
