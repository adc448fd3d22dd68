import '@shopify/shopify-api/adapters/node';
import {
  GraphqlQueryError,
  HttpRequestError,
  HttpResponseError,
  HttpRetriableError,
  HttpThrottlingError,
  LogSeverity,
  type Session,
  shopifyApi,
} from '@shopify/shopify-api';
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

/** Sends Admin GraphQL operations through `@shopify/shopify-api`; every failure becomes a typed connector error. */
export interface ShopifyGraphql {
  request(request: ShopifyGraphqlRequest): Promise<unknown>;
}

export interface ShopifyGraphqlOptions {
  readonly settings: ShopifyConnectorSettings;
  readonly connection: string;
  readonly environment: NodeJS.ProcessEnv;
  /** The shared limiter of this store's cost bucket; without it, Shopify's own THROTTLED answers pace the calls. */
  readonly limiter?: RateLimiterV2 | undefined;
}

export function createShopifyGraphql(options: ShopifyGraphqlOptions): ShopifyGraphql {
  const { settings, connection, environment, limiter } = options;
  let client: InstanceType<ReturnType<typeof shopifyApi>['clients']['Graphql']> | undefined;
  let accessToken = '';
  // Built on first use, so a connection that is never called needs no token.
  const clientFor = () => {
    if (client !== undefined) return client;
    accessToken = readShopifySecret(settings.accessToken, 'accessToken', environment, connection);
    const apiSecretKey = readShopifySecret(settings.apiSecretKey, 'apiSecretKey', environment, connection);
    const shopify = shopifyApi({
      apiSecretKey,
      apiVersion: settings.apiVersion as never,
      isCustomStoreApp: true,
      adminApiAccessToken: accessToken,
      // A custom app with an offline token never runs OAuth, so the app's own host is never used.
      hostName: 'localhost',
      isEmbeddedApp: false,
      logger: { level: LogSeverity.Error, httpRequests: false, timestamps: false },
    });
    const session = shopify.session.customAppSession(settings.shop);
    client = new shopify.clients.Graphql({ session: session as Session });
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
        // retries: 0 — the SDK would otherwise sleep and retry on 429 and 5xx; only the runner retries.
        const response = await graphql.request(request.document, { variables: request.variables, retries: 0 });
        cost = CostExtensionSchema.safeParse(response.extensions).data?.cost;
        return response.data;
      } catch (error) {
        const failure = toConnectorError(error, request.operation, connection, [accessToken]);
        cost = failure.cost;
        if (RateLimitedError.isInstance(failure.error)) {
          // Shopify charged nothing for a refused call; every process of the app holds back for the wait.
          refused = true;
          await limiter?.pause(request.operation, failure.error.retryAfterMs);
        }
        throw failure.error;
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

/** The SDK's errors, and Shopify's error bodies inside them, as the kit's typed errors. */
function toConnectorError(error: unknown, operation: string, connection: string, secrets: string[]): Failure {
  const context = { connection, secrets };
  if (error instanceof GraphqlQueryError) {
    const body = error.body as { errors?: { graphQLErrors?: unknown }; extensions?: unknown } | undefined;
    const cost = CostExtensionSchema.safeParse(body?.extensions).data?.cost;
    const errors = GraphqlErrorsSchema.safeParse(body?.errors?.graphQLErrors).data ?? [];
    if (errors.some((entry) => entry.extensions?.code === 'THROTTLED')) {
      // THROTTLED arrives inside an HTTP 200: wait until the bucket holds what the query requested.
      // https://shopify.dev/docs/api/usage/limits#rate-limiting-methods
      const status = cost?.throttleStatus;
      const missing = Math.max(0, (cost?.requestedQueryCost ?? 0) - (status?.currentlyAvailable ?? 0));
      const retryAfterMs = Math.max(1, Math.ceil((missing * 1_000) / (status?.restoreRate ?? 50)));
      return {
        error: new RateLimitedError({ ...context, retryAfterMs, target: operation, vendorBody: body }),
        cost,
      };
    }
    const first = errors[0];
    return {
      error: new RequestRejectedError({
        ...context,
        target: operation,
        vendorStatus: 200,
        vendorMessage: `${first?.message ?? error.message} (${first?.extensions?.code ?? 'no code'})`,
        vendorBody: body?.errors?.graphQLErrors,
      }),
      cost,
    };
  }
  if (error instanceof HttpThrottlingError) {
    const retryAfterSeconds = error.response.retryAfter;
    const retryAfterMs = retryAfterSeconds === undefined ? 1_000 : Math.round(retryAfterSeconds * 1_000);
    return { error: new RateLimitedError({ ...context, retryAfterMs, target: operation, vendorStatus: 429 }) };
  }
  if (error instanceof HttpRetriableError) {
    const status = error.response.code;
    return {
      error: new TransientError({ ...context, target: operation, reason: `HTTP ${status}`, vendorStatus: status }),
    };
  }
  if (error instanceof HttpResponseError) {
    const status = error.response.code;
    if (status === 401 || status === 403) {
      return { error: new AuthenticationError({ ...context, target: operation, vendorStatus: status }) };
    }
    if (status >= 200 && status < 300) {
      return {
        error: new MalformedPayloadError({
          ...context,
          what: `the answer to ${operation}`,
          path: '$',
          problem: 'not a JSON GraphQL response',
        }),
      };
    }
    return {
      error: new RequestRejectedError({
        ...context,
        target: operation,
        vendorStatus: status,
        vendorBody: error.response.body,
      }),
    };
  }
  if (error instanceof HttpRequestError) {
    return { error: new TransientError({ ...context, target: operation, reason: error.message, cause: error }) };
  }
  if (ConnectorError.isInstance(error)) return { error };
  throw error;
}
