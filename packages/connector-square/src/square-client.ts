import {
  type ConnectorContextV2,
  ConnectorError,
  RateLimitedError,
  type RateLimiterV2,
} from '@stockwire/connector-spec';
import { SquareClient, SquareError } from 'square';
import { translateSquareFailure } from './square-errors.ts';
import { type SquareOperation, squareRateLimits } from './square-rate-limits.ts';
import { readSquareSecret, type SquareConnectorSettings, squareBaseUrl } from './square-settings.ts';

const targets: Record<SquareOperation, string> = {
  ListLocations: 'GET /v2/locations',
  SearchCatalogObjects: 'POST /v2/catalog/search',
  BatchRetrieveInventoryCounts: 'POST /v2/inventory/counts/batch-retrieve',
  BatchChangeInventory: 'POST /v2/inventory/changes/batch-create',
  BatchRetrieveInventoryChanges: 'POST /v2/inventory/changes/batch-retrieve',
  BatchRetrieveOrders: 'POST /v2/orders/batch-retrieve',
};

/** One connection's way to Square: the SDK pointed at `baseUrl`, paced by the shared limiter, errors typed. */
export interface SquareApi {
  readonly sdk: SquareClient;
  readonly connection: string;
  /** Runs one SDK call of `operation`; every failure comes out as a typed ConnectorError. */
  call<Result>(operation: SquareOperation, run: (sdk: SquareClient) => Promise<Result>): Promise<Result>;
  /** Calls made so far, for push efficiency accounting. */
  readonly requestsMade: number;
}

export function createSquareApi(settings: SquareConnectorSettings, context: ConnectorContextV2): SquareApi {
  const connection = context.mapping.connection;
  const environment = context.environment ?? process.env;
  const token = () => readSquareSecret(settings.accessToken, 'accessToken', environment, connection);
  const sdk = new SquareClient({
    baseUrl: squareBaseUrl(settings),
    // A supplier: the token is read when a call needs it, so a connection that is never used needs none.
    token,
    // The runner decides about retries (it knows the shared limiter and the job's backoff); the SDK must not sleep.
    maxRetries: 0,
    timeoutInSeconds: settings.timeoutSeconds,
  });
  const limiter: RateLimiterV2 | undefined = context.sharedLimiter?.(squareRateLimits);
  let requestsMade = 0;
  return {
    sdk,
    connection,
    get requestsMade() {
      return requestsMade;
    },
    async call(operation, run) {
      const target = targets[operation];
      const decision = await limiter?.acquire(operation);
      if (decision !== undefined && !decision.granted) {
        throw new RateLimitedError({ connection, target, retryAfterMs: decision.waitMs, refusedBy: 'shared-limiter' });
      }
      requestsMade++;
      try {
        return await run(sdk);
      } catch (error) {
        if (ConnectorError.isInstance(error)) throw error;
        const typed = translate(error, connection, target, token);
        if (error instanceof SquareError && error.statusCode !== undefined) {
          await limiter?.observe({
            operation,
            status: error.statusCode,
            headers: Object.fromEntries(error.rawResponse?.headers?.entries?.() ?? []),
            errorCode: (error.errors[0]?.code as string | undefined) ?? undefined,
          });
        }
        throw typed;
      } finally {
        if (decision?.granted) await decision.release();
      }
    },
  };
}

function translate(error: unknown, connection: string, target: string, token: () => string): ConnectorError {
  let secret: string[] = [];
  try {
    secret = [token()];
  } catch {
    // No token configured: nothing to redact.
  }
  return translateSquareFailure(error, { connection, target, secrets: secret });
}
