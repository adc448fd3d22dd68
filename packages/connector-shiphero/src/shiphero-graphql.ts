import { createHttpClient, type HttpClient } from '@stockwire/connector-kit';
import {
  AuthenticationError,
  MalformedPayloadError,
  RateLimitedError,
  type RateLimiterV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { createShipHeroCredentials } from './shiphero-credentials.ts';
import { userQuotaDocument } from './shiphero-documents.ts';
import { ShipHeroGraphqlErrorSchema, shipHeroGraphqlFailure } from './shiphero-errors.ts';
import type { ShipHeroOperation } from './shiphero-rate-limits.ts';
import type { ShipHeroConnectorSettings } from './shiphero-settings.ts';

/** Every GraphQL answer: `data` keyed by root field (each holding `request_id` and `complexity`), `errors` in a 200. */
const AnswerSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(ShipHeroGraphqlErrorSchema).nullish(),
});

const UserQuotaSchema = z.object({
  user_quota: z
    .object({
      credits_remaining: z.number().nullish(),
      max_available: z.number().nullish(),
      increment_rate: z.number().nullish(),
    })
    .nullish(),
});

export interface ShipHeroRequest {
  readonly operation: ShipHeroOperation;
  readonly document: string;
  readonly variables: Record<string, unknown>;
  /** The root field whose `complexity` is what the call cost, e.g. `warehouse_products`. */
  readonly rootField: string;
  /** Credits reserved in the shared bucket before the call (see `estimatedCredits`). */
  readonly estimatedCost: number;
}

export interface ShipHeroGraphql {
  /** The answer's `data` (already checked for `errors[]`), or a typed error. */
  request(request: ShipHeroRequest): Promise<Record<string, unknown>>;
}

interface ThrottleStatus {
  currentlyAvailable: number;
  maximumAvailable: number;
  restoreRate: number;
}

export interface ShipHeroGraphqlOptions {
  readonly settings: ShipHeroConnectorSettings;
  readonly connection: string;
  readonly environment: NodeJS.ProcessEnv;
  readonly limiter?: RateLimiterV2 | undefined;
}

/**
 * Every call to ShipHero's GraphQL endpoint: the bearer token (exchanged lazily, again once on a 401), one
 * reservation of credits in the shared cost bucket (a refusal is a RateLimitedError, never a sleep), then the
 * bucket settled with the answer's `complexity`. The first call of an instance reads `user_quota`, so the bucket
 * adopts the account's real size before anything large is reserved.
 */
export function createShipHeroGraphql(options: ShipHeroGraphqlOptions): ShipHeroGraphql {
  const { settings, connection, limiter } = options;
  const baseURL = settings.baseUrl.replace(/\/+$/, '');
  let http: HttpClient | undefined;
  const clientFor = () => {
    http ??= createHttpClient({
      baseURL,
      connection,
      timeoutMs: settings.requestTimeoutMs,
      headers: { accept: 'application/json', 'user-agent': 'stockwire-connector-shiphero' },
    });
    return http;
  };
  const credentials = createShipHeroCredentials({
    authentication: settings.authentication,
    environment: options.environment,
    connection,
    tokenClient: clientFor,
  });
  let quota: ThrottleStatus | undefined;
  let quotaRead: Promise<void> | undefined;

  const send = async (request: ShipHeroRequest) => {
    const call = (authorization: string) =>
      clientFor().post('/graphql', {
        operation: request.operation,
        body: { query: request.document, variables: request.variables },
        headers: { authorization },
      });
    const authorization = await credentials.authorization();
    try {
      return await call(authorization);
    } catch (error) {
      // A token ShipHero revoked or expired early: exchange once and send again; a second 401 is the answer.
      if (!AuthenticationError.isInstance(error) || error.vendorStatus !== 401) throw error;
      credentials.invalidate();
      return await call(await credentials.authorization());
    }
  };

  const graphqlRequest = async (request: ShipHeroRequest): Promise<Record<string, unknown>> => {
    const decision = await limiter?.acquire(request.operation, request.estimatedCost);
    if (decision !== undefined && !decision.granted) {
      throw new RateLimitedError({
        connection,
        retryAfterMs: decision.waitMs,
        target: request.operation,
        refusedBy: 'shared-limiter',
      });
    }
    let actualCost: number | undefined;
    let observed: ThrottleStatus | undefined;
    try {
      const response = await send(request);
      const answer = AnswerSchema.safeParse(response.data);
      if (!answer.success) {
        throw MalformedPayloadError.fromZodError(`the ShipHero answer to ${request.operation}`, answer.error, {
          connection,
          vendorBody: response.bodyText,
        });
      }
      const errors = answer.data.errors ?? [];
      if (errors.length > 0) {
        const failure = shipHeroGraphqlFailure(errors, response.data, {
          operation: request.operation,
          connection,
          secrets: credentials.secrets(),
        });
        if (RateLimitedError.isInstance(failure)) {
          // A refused call spends nothing; what ShipHero says is left is the truth every process should adopt.
          actualCost = 0;
          const remaining = errors.find((entry) => typeof entry.remaining_credits === 'number')?.remaining_credits;
          if (quota !== undefined && typeof remaining === 'number')
            observed = { ...quota, currentlyAvailable: remaining };
          await limiter?.pause(request.operation, failure.retryAfterMs);
        }
        throw failure;
      }
      const data = answer.data.data ?? {};
      const complexity = (data[request.rootField] as { complexity?: unknown } | null | undefined)?.complexity;
      if (typeof complexity === 'number') actualCost = complexity;
      if (request.operation === 'UserQuota') observed = readQuota(data);
      return data;
    } finally {
      if (observed !== undefined) quota = observed;
      await decision?.release({
        ...(actualCost === undefined ? {} : { actualCost }),
        ...(observed === undefined ? {} : { throttleStatus: observed }),
      });
    }
  };

  return {
    async request(request) {
      if (request.operation !== 'UserQuota') {
        quotaRead ??= graphqlRequest({
          operation: 'UserQuota',
          document: userQuotaDocument,
          variables: {},
          rootField: 'user_quota',
          estimatedCost: 1,
        }).then(
          () => undefined,
          (error: unknown) => {
            // Read again by the next call: a refused quota read must not leave the instance without one forever.
            quotaRead = undefined;
            throw error;
          },
        );
        await quotaRead;
      }
      return await graphqlRequest(request);
    },
  };
}

function readQuota(data: Record<string, unknown>): ThrottleStatus | undefined {
  const quota = UserQuotaSchema.safeParse(data).data?.user_quota;
  const maximum = quota?.max_available;
  const rate = quota?.increment_rate;
  if (typeof maximum !== 'number' || typeof rate !== 'number' || !(maximum > 0) || !(rate > 0)) return undefined;
  return {
    maximumAvailable: maximum,
    restoreRate: rate,
    currentlyAvailable: Math.max(0, Math.min(maximum, quota?.credits_remaining ?? maximum)),
  };
}
