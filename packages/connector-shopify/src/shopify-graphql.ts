import { createAdminApiClient } from '@shopify/admin-api-client';
import type { ThrottleStatus } from '@stockwire/connector-kit';
import {
  AuthenticationError,
  ConnectorError,
  MalformedPayloadError,
  RateLimitedError,
  type RateLimiterV2,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import type { ShopifyOperation } from './shopify-rate-limits.ts';
import { readShopifySecret, type ShopifyConnectorSettings } from './shopify-settings.ts';

/**
 * `extensions.cost` of every Admin GraphQL answer, THROTTLED ones included. Lenient: only what the limiter uses.
 * https://shopify.dev/docs/api/usage/limits#cost-calculation
 */
const CostExtensionSchema = z.object({
  cost: z
    .object({
      requestedQueryCost: z.number().nullish(),
      actualQueryCost: z.number().nullish(),
      throttleStatus: z
        .object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() })
        .nullish(),
    })
    .nullish(),
});
type CostExtension = z.infer<typeof CostExtensionSchema>;

const GraphqlErrorsSchema = z.array(
  z.object({ message: z.string().nullish(), extensions: z.object({ code: z.string().nullish() }).nullish() }),
);

export interface ShopifyGraphqlRequest {
  readonly operation: ShopifyOperation;
  readonly document: string;
  readonly variables: Record<string, unknown>;
  /** The points this call will request, reserved in the shared bucket before the call. */
  readonly estimatedCost: number;
}

/** Sends Admin GraphQL operations through Shopify's `@shopify/admin-api-client`; every failure becomes a typed connector error. */
export interface ShopifyGraphql {
  request(request: ShopifyGraphqlRequest): Promise<unknown>;
}

export interface ShopifyGraphqlOptions {
  readonly settings: ShopifyConnectorSettings;
  readonly connection: string;
  readonly environment: NodeJS.ProcessEnv;
  /** The shared limiter of this store's cost bucket; without it, Shopify's own THROTTLED answers pace the calls. */
  readonly limiter?: RateLimiterV2 | undefined;
  /** The fetch every call goes through (default: Node's global fetch, unpatched). */
  readonly fetch?: typeof fetch | undefined;
}

/** One Admin GraphQL answer as `@shopify/admin-api-client` returns it: it never throws for HTTP or GraphQL errors. */
interface ClientResponse {
  readonly data?: unknown;
  readonly extensions?: unknown;
  readonly errors?: {
    readonly networkStatusCode?: number | undefined;
    readonly message?: string | undefined;
    readonly graphQLErrors?: readonly unknown[] | undefined;
    readonly response?: Response | undefined;
  };
}

/**
 * Where the SDK's requests go. Shopify's client always builds `https://<shop>/admin/api/<version>/graphql.json`;
 * with `adminApiUrl` set (a sandbox, a recording proxy) this connector's own fetch sends the same path to that
 * origin instead. Nothing process-wide changes: another connector in the same process still reaches Shopify.
 */
function adminApiFetch(settings: ShopifyConnectorSettings, fetchFunction: typeof fetch) {
  const shopOrigin = `https://${settings.shop}`;
  const target = settings.adminApiUrl?.replace(/\/+$/, '');
  return (url: string, init?: RequestInit): Promise<Response> => {
    const destination =
      target === undefined || !url.startsWith(shopOrigin) ? url : `${target}${url.slice(shopOrigin.length)}`;
    return fetchWithin(fetchFunction, destination, init, settings.requestTimeoutMs);
  };
}

/**
 * The SDK waits for an answer as long as the socket stays open; this bounds the whole call, body included (the
 * client then reads the body), so a hung Shopify fails as retryable instead of holding the connection's jobs.
 */
async function fetchWithin(
  fetchFunction: typeof fetch,
  url: string,
  init: RequestInit | undefined,
  timeoutMs: number,
): Promise<Response> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  try {
    return await fetchFunction(url, { ...init, signal });
  } catch (error) {
    if (timeout.aborted) throw new Error(`no answer within ${timeoutMs} ms (requestTimeoutMs)`, { cause: error });
    throw error;
  }
}

export function createShopifyGraphql(options: ShopifyGraphqlOptions): ShopifyGraphql {
  const { settings, connection, environment, limiter } = options;
  let client: ReturnType<typeof createAdminApiClient> | undefined;
  let accessToken = '';
  // Built on first use, so a connection that is never called needs no token.
  const clientFor = () => {
    if (client !== undefined) return client;
    accessToken = readShopifySecret(settings.accessToken, 'accessToken', environment, connection);
    client = createAdminApiClient({
      storeDomain: settings.shop,
      apiVersion: settings.apiVersion,
      accessToken,
      // retries: 0 — the client would otherwise sleep and retry on 429 and 5xx; only the runner retries.
      retries: 0,
      customFetchApi: adminApiFetch(settings, options.fetch ?? globalThis.fetch),
    });
    return client;
  };

  return {
    async request(request) {
      const graphql = clientFor();
      const decision = await limiter?.acquire(request.operation, request.estimatedCost);
      if (decision !== undefined && !decision.granted) {
        throw new RateLimitedError({
          connection,
          retryAfterMs: decision.waitMs,
          target: request.operation,
          refusedBy: 'shared-limiter',
        });
      }
      let cost: CostExtension['cost'];
      let refused = false;
      try {
        const response = (await graphql.request(request.document, { variables: request.variables })) as ClientResponse;
        cost = CostExtensionSchema.safeParse(response.extensions).data?.cost;
        if (response.errors === undefined) return response.data;
        const failure = await toConnectorError(response, request.operation, connection, [accessToken]);
        cost = failure.cost ?? cost;
        if (RateLimitedError.isInstance(failure.error)) {
          // Shopify charged nothing for a refused call; every process of the app holds back for the wait.
          refused = true;
          await limiter?.pause(request.operation, failure.error.retryAfterMs);
        }
        throw failure.error;
      } catch (error) {
        if (ConnectorError.isInstance(error)) throw error;
        // The client returns every HTTP failure; anything thrown is a failure to reach Shopify at all.
        throw new TransientError({
          connection,
          secrets: [accessToken],
          target: request.operation,
          reason: error instanceof Error ? error.message : String(error),
          cause: error,
        });
      } finally {
        await decision?.release(settleOutcome(cost, refused));
      }
    },
  };
}

/** What the call really cost, and the bucket as Shopify sees it, for the shared limiter to adopt. */
function settleOutcome(cost: CostExtension['cost'], refused: boolean) {
  const status = cost?.throttleStatus;
  const throttleStatus: ThrottleStatus | undefined =
    status === null || status === undefined ? undefined : { ...status };
  const actualCost = refused ? 0 : cost?.actualQueryCost;
  return {
    ...(typeof actualCost === 'number' ? { actualCost } : {}),
    ...(throttleStatus === undefined ? {} : { throttleStatus }),
  };
}

interface Failure {
  readonly error: ConnectorError;
  readonly cost?: CostExtension['cost'];
}

/** Shopify's failed answers (HTTP status, GraphQL `errors` inside a 200) as the spec's typed errors. */
async function toConnectorError(
  response: ClientResponse,
  operation: string,
  connection: string,
  secrets: string[],
): Promise<Failure> {
  const context = { connection, secrets };
  const errors = response.errors ?? {};
  const status = errors.networkStatusCode;
  const httpResponse = errors.response;
  if (status === undefined || httpResponse === undefined) {
    // No answer at all (a reset connection, DNS): the client reports the fetch failure as a message.
    return { error: new TransientError({ ...context, target: operation, reason: errors.message ?? 'no response' }) };
  }
  const graphqlErrors = GraphqlErrorsSchema.safeParse(errors.graphQLErrors).data ?? [];
  if (httpResponse.ok && graphqlErrors.length > 0) {
    const cost = CostExtensionSchema.safeParse(response.extensions).data?.cost;
    const vendorBody = { errors: errors.graphQLErrors, extensions: response.extensions };
    if (graphqlErrors.some((entry) => entry.extensions?.code === 'THROTTLED')) {
      // THROTTLED arrives inside an HTTP 200: wait until the bucket holds what the query requested.
      // https://shopify.dev/docs/api/usage/limits#rate-limiting-methods
      const bucket = cost?.throttleStatus;
      const missing = Math.max(0, (cost?.requestedQueryCost ?? 0) - (bucket?.currentlyAvailable ?? 0));
      const retryAfterMs = Math.max(1, Math.ceil((missing * 1_000) / (bucket?.restoreRate ?? 50)));
      return { error: new RateLimitedError({ ...context, retryAfterMs, target: operation, vendorBody }), cost };
    }
    const first = graphqlErrors[0];
    return {
      error: new RequestRejectedError({
        ...context,
        target: operation,
        vendorStatus: 200,
        vendorMessage: `${first?.message ?? 'GraphQL operation failed'} (${first?.extensions?.code ?? 'no code'})`,
        vendorBody: errors.graphQLErrors,
      }),
      cost,
    };
  }
  if (httpResponse.ok) {
    return {
      error: new MalformedPayloadError({
        ...context,
        what: `the answer to ${operation}`,
        path: '$',
        problem: `not a JSON GraphQL response (${errors.message ?? 'no data'})`,
      }),
    };
  }
  if (status === 429) {
    const retryAfterSeconds = Number.parseFloat(httpResponse.headers.get('retry-after') ?? '');
    const retryAfterMs = Number.isFinite(retryAfterSeconds) ? Math.round(retryAfterSeconds * 1_000) : 1_000;
    return { error: new RateLimitedError({ ...context, retryAfterMs, target: operation, vendorStatus: 429 }) };
  }
  if (status >= 500) {
    return {
      error: new TransientError({ ...context, target: operation, reason: `HTTP ${status}`, vendorStatus: status }),
    };
  }
  if (status === 401 || status === 403) {
    return { error: new AuthenticationError({ ...context, target: operation, vendorStatus: status }) };
  }
  const vendorBody = await httpResponse.text().catch(() => undefined);
  return { error: new RequestRejectedError({ ...context, target: operation, vendorStatus: status, vendorBody }) };
}
