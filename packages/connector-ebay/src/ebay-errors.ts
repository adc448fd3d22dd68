import {
  AuthenticationError,
  type ConnectorError,
  PermanentItemError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';

/**
 * eBay's error container, read leniently (sell_inventory_v1_oas3.json `Error`, the same in every Sell API):
 * `{ errors: [{ errorId, domain, subdomain, category: REQUEST | APPLICATION | SYSTEM, message, longMessage,
 * parameters: [{ name, value }] }] }`.
 */
export const EbayErrorSchema = z.looseObject({
  errorId: z.number().nullish(),
  domain: z.string().nullish(),
  category: z.string().nullish(),
  message: z.string().nullish(),
  longMessage: z.string().nullish(),
  parameters: z.array(z.looseObject({ name: z.string().nullish(), value: z.string().nullish() })).nullish(),
});
export type EbayError = z.infer<typeof EbayErrorSchema>;
export const EbayErrorBodySchema = z.looseObject({ errors: z.array(EbayErrorSchema).nullish() });

/** Errors eBay documents as "the SKU is not there": retrying cannot create it. */
export const ebayNotFoundErrorIds: ReadonlySet<number> = new Set([25701, 25702, 25713]);
/** 25001: "A system error has occurred" — eBay's own fault, retryable (like every SYSTEM category error). */
export const ebaySystemErrorIds: ReadonlySet<number> = new Set([25001]);
/** 2001: "Too many requests" (ACCESS domain), eBay's answer with HTTP 429. */
export const ebayTooManyRequestsErrorId = 2001;

/** One line per eBay error: `25701 SKU not found (sku=MUG-1)`. */
export function describeEbayErrors(errors: readonly EbayError[] | null | undefined): string | undefined {
  if (errors == null || errors.length === 0) return undefined;
  return errors
    .map((error) => {
      const parameters = (error.parameters ?? [])
        .map((parameter) => `${parameter.name ?? '?'}=${parameter.value ?? ''}`)
        .join(', ');
      const text = error.longMessage ?? error.message ?? 'no message';
      return `${error.errorId ?? '?'} ${text}${parameters === '' ? '' : ` (${parameters})`}`;
    })
    .join('; ');
}

export function readEbayErrors(bodyText: string | undefined): EbayError[] {
  if (bodyText === undefined || bodyText.trim() === '') return [];
  try {
    const parsed = EbayErrorBodySchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? (parsed.data.errors ?? []) : [];
  } catch {
    return [];
  }
}

/** True when an error is eBay's to fix (SYSTEM category or a documented system error id). */
export function isEbaySystemError(error: EbayError): boolean {
  return error.category === 'SYSTEM' || (error.errorId != null && ebaySystemErrorIds.has(error.errorId));
}

export interface EbayItemContext {
  readonly connection: string;
  /** What names the item for a human: `SKU MUG-1 (offer 5005…)`. */
  readonly item: string;
}

/**
 * The per-item errors of a 207 Multi-Status (or a bulk answer's `responses[]`) as one typed error: SYSTEM errors are
 * retryable (TransientError); everything else (25701 SKU not found, 25004 invalid quantity…) is permanent for
 * this item.
 */
export function ebayItemError(
  errors: readonly EbayError[],
  statusCode: number | null | undefined,
  context: EbayItemContext,
): ConnectorError {
  const explanation = describeEbayErrors(errors) ?? `HTTP ${statusCode ?? '?'} without an explanation`;
  const common = { connection: context.connection, vendorStatus: statusCode ?? undefined, vendorBody: { errors } };
  if (errors.some(isEbaySystemError) || (statusCode ?? 0) >= 500) {
    return new TransientError({ ...common, target: `eBay ${context.item}`, reason: explanation });
  }
  return new PermanentItemError({ ...common, item: context.item, reason: `eBay answered ${explanation}` });
}

export interface EbayFailure {
  readonly status: number;
  readonly bodyText: string | undefined;
  /** The wait the kit read from `Retry-After`, when the answer was a 429. */
  readonly retryAfterMs?: number | undefined;
}

/** One eBay answer that is not 2xx (a whole call, not an item of a bulk call) as the typed error the runner acts on. */
export function ebayErrorFromResponse(
  failure: EbayFailure,
  context: { target: string; connection: string; secrets?: readonly string[] },
): ConnectorError {
  const errors = readEbayErrors(failure.bodyText);
  const explanation = describeEbayErrors(errors);
  const common = {
    connection: context.connection,
    secrets: context.secrets,
    vendorStatus: failure.status,
    vendorBody: failure.bodyText,
  };
  const target = `eBay ${context.target}${explanation === undefined ? '' : ` (${explanation})`}`;
  if (failure.status === 429 || errors.some((error) => error.errorId === ebayTooManyRequestsErrorId)) {
    return new RateLimitedError({ ...common, target, retryAfterMs: failure.retryAfterMs ?? 1_000 });
  }
  if (failure.status === 401 || failure.status === 403) return new AuthenticationError({ ...common, target });
  if (failure.status >= 500 || failure.status === 408 || errors.some(isEbaySystemError)) {
    return new TransientError({ ...common, target, reason: `eBay answered HTTP ${failure.status}` });
  }
  return new RequestRejectedError({
    ...common,
    target: `eBay ${context.target}`,
    vendorStatus: failure.status,
    vendorMessage: explanation,
  });
}
