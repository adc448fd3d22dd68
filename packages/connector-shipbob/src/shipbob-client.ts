import { createHttpClient, type HttpClient, type HttpResponse, type QueryValue } from '@stockwire/connector-kit';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import { AuthenticationError, ConnectorError, RateLimitedError, type RateLimiterV2 } from '@stockwire/connector-spec';
import type { ZodType } from 'zod';
import { createShipBobCredentials, type ShipBobCredentials } from './shipbob-credentials.ts';
import { shipBobErrorFromResponse } from './shipbob-errors.ts';
import type { ShipBobOperation } from './shipbob-rate-limits.ts';
import type { ShipBobConnectorSettings } from './shipbob-settings.ts';

export interface ShipBobCall<Data> {
  readonly operation: ShipBobOperation;
  /** Relative to the base URL, starting with the version: `/2026-01/inventory-level/locations`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly responseSchema: ZodType<Data>;
  /** Sends `shipbob_channel_id` (order and shipment calls). */
  readonly channelScoped?: boolean;
}

export interface ShipBobClient {
  get<Data>(call: ShipBobCall<Data>): Promise<HttpResponse<Data>>;
}

export interface ShipBobClientOptions {
  settings: ShipBobConnectorSettings;
  connection: string;
  environment: NodeJS.ProcessEnv;
  limiter?: RateLimiterV2 | undefined;
  state?: ConnectorStateStoreV2 | undefined;
  /** The connector's clock in ms, for the access token's expiry. Default the system clock. */
  now?: () => number;
}

/**
 * Every call to ShipBob: the credentials read at call time, one ask of the shared limiter (a refusal is a
 * RateLimitedError, never a sleep), the kit's HTTP client (never retries), and ShipBob's error bodies read into
 * typed errors.
 */
export function createShipBobClient(options: ShipBobClientOptions): ShipBobClient {
  const { settings, connection, limiter } = options;
  let http: HttpClient | undefined;
  const clientFor = () => {
    http ??= createHttpClient({
      baseURL: settings.baseUrl.replace(/\/+$/, ''),
      connection,
      timeoutMs: settings.requestTimeoutMs,
      retryAfterHeader: { name: 'x-retry-after', unit: 'seconds' },
      // 0 marks "no wait given", so the 429 body's own "Try again in N seconds" can be read below.
      defaultRetryAfterMs: 0,
      headers: { accept: 'application/json', 'user-agent': 'stockwire-connector-shipbob' },
    });
    return http;
  };
  const credentials: ShipBobCredentials = createShipBobCredentials({
    authentication: settings.authentication,
    environment: options.environment,
    connection,
    state: options.state,
    now: options.now,
    tokenClient: (secrets) =>
      createHttpClient({
        secrets,
        baseURL:
          settings.authentication.kind === 'oauth'
            ? new URL(settings.authentication.tokenUrl).origin
            : settings.baseUrl,
        connection,
        timeoutMs: settings.requestTimeoutMs,
      }),
  });

  const attempt = async <Data>(call: ShipBobCall<Data>, authorization: string) => {
    const decision = await limiter?.acquire(call.operation);
    if (decision !== undefined && !decision.granted) {
      throw new RateLimitedError({
        connection,
        retryAfterMs: decision.waitMs,
        target: call.operation,
        refusedBy: 'shared-limiter',
      });
    }
    const headers: Record<string, string> = { authorization };
    if (call.channelScoped === true && settings.channelId !== undefined)
      headers.shipbob_channel_id = settings.channelId;
    try {
      const response = await clientFor().get(call.path, {
        operation: call.operation,
        query: call.query,
        headers,
        responseSchema: call.responseSchema,
      });
      await limiter?.observe({ operation: call.operation, status: response.status, headers: response.headers });
      return response;
    } catch (error) {
      const failure = refine(error, `GET ${call.path}`, connection, credentials.secrets());
      if (RateLimitedError.isInstance(failure)) {
        await limiter?.observe({ operation: call.operation, status: 429, headers: {} });
        await limiter?.pause(call.operation, failure.retryAfterMs);
      }
      throw failure;
    } finally {
      await decision?.release();
    }
  };

  return {
    async get(call) {
      const authorization = await credentials.authorization();
      try {
        return await attempt(call, authorization);
      } catch (error) {
        // An OAuth access token can be revoked or expire early (ShipBob's clock, another process's refresh): one
        // refresh and one retry. A second 401 is the credentials themselves, so it stays an AuthenticationError.
        const refused = AuthenticationError.isInstance(error) && error.vendorStatus === 401;
        if (!refused || !credentials.rejected(authorization)) throw error;
        return await attempt(call, await credentials.authorization());
      }
    },
  };
}

/**
 * The kit's client already typed the failure by status; ShipBob's body adds the explanation (ProblemDetails,
 * validation maps, the 429's own wait). Failures without an answer (timeouts, resets) stay as the kit made them.
 */
function refine(error: unknown, target: string, connection: string, secrets: string[]): unknown {
  if (!ConnectorError.isInstance(error) || error.vendorStatus === undefined || error.name === 'MalformedPayloadError') {
    return error;
  }
  const headers: Record<string, string> = {};
  if (RateLimitedError.isInstance(error) && error.retryAfterMs > 0)
    headers['x-retry-after'] = String(Math.ceil(error.retryAfterMs / 1_000));
  return shipBobErrorFromResponse(
    { status: error.vendorStatus, headers, bodyText: error.vendorBody },
    { target, connection, secrets },
  );
}
