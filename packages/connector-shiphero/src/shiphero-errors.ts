import { type ConnectorError, RateLimitedError, RequestRejectedError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { shipHeroPublishedLimits } from './shiphero-rate-limits.ts';

/**
 * One entry of `errors[]`. ShipHero answers GraphQL failures inside HTTP 200; a throttled call carries `code: 30`
 * with the credits it needed and the wait, as ShipHero's own clients read it:
 * `{ code: 30, message: "There are not enough credits … try again in 7 seconds", required_credits, remaining_credits,
 * time_remaining: "7 seconds" }`. Lenient: only what a typed error needs.
 */
export const ShipHeroGraphqlErrorSchema = z.looseObject({
  message: z.string().nullish(),
  code: z.union([z.number(), z.string()]).nullish(),
  extensions: z.looseObject({ code: z.union([z.number(), z.string()]).nullish() }).nullish(),
  required_credits: z.number().nullish(),
  remaining_credits: z.number().nullish(),
  time_remaining: z.string().nullish(),
});
export type ShipHeroGraphqlError = z.infer<typeof ShipHeroGraphqlErrorSchema>;

export function errorCodeOf(error: ShipHeroGraphqlError): string | undefined {
  const code = error.code ?? error.extensions?.code;
  return code === null || code === undefined ? undefined : String(code);
}

/** "7 seconds", "1.5 seconds", or the message's "try again in 7 seconds": the wait ShipHero asks for. */
export function retryAfterOf(error: ShipHeroGraphqlError): number | undefined {
  for (const text of [error.time_remaining, error.message]) {
    const match = /(\d+(?:\.\d+)?)\s*seconds?/i.exec(text ?? '');
    if (match !== null) return Math.max(1, Math.round(Number(match[1]) * 1_000));
  }
  return undefined;
}

export interface ShipHeroFailureContext {
  /** The GraphQL operation, e.g. `WarehouseProductsPage`. */
  readonly operation: string;
  readonly connection: string;
  readonly secrets?: readonly string[] | undefined;
}

/** The typed error for a 200 answer whose `errors[]` is not empty. */
export function shipHeroGraphqlFailure(
  errors: readonly ShipHeroGraphqlError[],
  vendorBody: unknown,
  context: ShipHeroFailureContext,
): ConnectorError {
  const common = { connection: context.connection, secrets: context.secrets, vendorBody };
  const target = `ShipHero ${context.operation}`;
  const throttled = errors.find((entry) => errorCodeOf(entry) === shipHeroPublishedLimits.throttledErrorCode);
  if (throttled !== undefined) {
    const wait = retryAfterOf(throttled) ?? 1_000;
    return new RateLimitedError({ ...common, vendorStatus: 200, target, retryAfterMs: wait });
  }
  const first = errors[0];
  const code = first === undefined ? undefined : errorCodeOf(first);
  return new RequestRejectedError({
    ...common,
    target,
    vendorStatus: 200,
    vendorMessage: `${first?.message ?? 'GraphQL operation failed'}${code === undefined ? '' : ` (code ${code})`}`,
  });
}
