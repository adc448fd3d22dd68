import {
  AuthenticationError,
  type ConnectorError,
  PermanentItemError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { SquareError, SquareTimeoutError } from 'square';
import { z } from 'zod';

/**
 * One entry of Square's error list, leniently: `{ errors: [{ category, code, detail, field }] }`.
 * https://developer.squareup.com/docs/build-basics/handling-errors
 */
export const SquareErrorEntrySchema = z.object({
  category: z.string().nullish(),
  code: z.string().nullish(),
  detail: z.string().nullish(),
  field: z.string().nullish(),
});
export type SquareErrorEntry = z.infer<typeof SquareErrorEntrySchema>;
export const SquareErrorBodySchema = z.object({ errors: z.array(SquareErrorEntrySchema).nullish() });

/** Codes that mean "slow down" (HTTP 429, category RATE_LIMIT_ERROR). */
export const squareSlowDownCodes = ['RATE_LIMITED'] as const;
const authenticationCodes = new Set([
  'UNAUTHORIZED',
  'ACCESS_TOKEN_EXPIRED',
  'ACCESS_TOKEN_REVOKED',
  'CLIENT_DISABLED',
  'FORBIDDEN',
  'INSUFFICIENT_SCOPES',
  'APPLICATION_DISABLED',
  'V1_APPLICATION',
  'V1_ACCESS_TOKEN',
]);
const transientCodes = new Set([
  'INTERNAL_SERVER_ERROR',
  'REQUEST_TIMEOUT',
  'BAD_GATEWAY',
  'SERVICE_UNAVAILABLE',
  'TEMPORARY_ERROR',
  'GATEWAY_TIMEOUT',
]);
/** Without a Retry-After, Square's guidance is exponential backoff; one second is where the runner's starts. */
const defaultRetryAfterMs = 1_000;

/** The errors of a Square answer body (an empty list when the body has none or is not Square's shape). */
export function squareErrorEntries(body: unknown): SquareErrorEntry[] {
  const parsed = SquareErrorBodySchema.safeParse(body);
  return parsed.success ? (parsed.data.errors ?? []) : [];
}

export interface SquareCallContext {
  readonly connection: string;
  /** The call, e.g. `POST /v2/inventory/changes/batch-create`. */
  readonly target: string;
  readonly secrets: readonly string[];
}

/** Any failure of an SDK call as the typed error the runner acts on: retry later, slow down, or stop. */
export function translateSquareFailure(error: unknown, context: SquareCallContext): ConnectorError {
  const base = { connection: context.connection, secrets: context.secrets, cause: error, target: context.target };
  if (error instanceof SquareTimeoutError) return new TransientError({ ...base, reason: 'no answer in time' });
  if (!(error instanceof SquareError)) {
    return new TransientError({ ...base, reason: describeCause(error) });
  }
  const status = error.statusCode;
  if (status === undefined) return new TransientError({ ...base, reason: describeCause(error.cause ?? error) });
  const entries = squareErrorEntries(error.body);
  const codes = entries.map((entry) => entry.code ?? '');
  const vendor = { ...base, vendorStatus: status, vendorBody: error.body };
  if (status === 429 || codes.some((code) => (squareSlowDownCodes as readonly string[]).includes(code))) {
    return new RateLimitedError({ ...vendor, retryAfterMs: retryAfterMs(error) ?? defaultRetryAfterMs });
  }
  if (status === 401 || status === 403 || codes.some((code) => authenticationCodes.has(code))) {
    return new AuthenticationError(vendor);
  }
  if (status >= 500 || codes.some((code) => transientCodes.has(code))) {
    return new TransientError({ ...vendor, reason: `HTTP ${status} ${codes.join(', ')}`.trim() });
  }
  return new SquareRequestRejectedError({ ...vendor, vendorMessage: describeEntries(entries) }, entries);
}

/**
 * Square refused the request itself (a 4xx other than 401/403/429). Keeps Square's whole error list, whose
 * `field`s name the changes of a batch that were wrong (the vendor body on the error is truncated for logs).
 */
export class SquareRequestRejectedError extends RequestRejectedError {
  readonly squareErrors: readonly SquareErrorEntry[];

  constructor(
    options: ConstructorParameters<typeof RequestRejectedError>[0],
    squareErrors: readonly SquareErrorEntry[],
  ) {
    super(options);
    this.squareErrors = squareErrors;
  }
}

/** Square refused one change of a batch: an error for that item alone, never retryable as it is. */
export function squareItemError(options: { connection: string; item: string; entry: SquareErrorEntry }) {
  const reason = `${options.entry.detail ?? 'no explanation given'} (${options.entry.code ?? 'unknown code'})`;
  return new PermanentItemError({
    connection: options.connection,
    item: options.item,
    reason,
    vendorBody: options.entry,
  });
}

/** Which change of a batch an error names, from its `field` (`changes[3].physical_count.quantity`), if any. */
export function changeIndexOf(entry: SquareErrorEntry): number | undefined {
  const match = /^changes\[(\d+)\]/.exec(entry.field ?? '');
  return match === null ? undefined : Number(match[1]);
}

export function describeEntries(entries: readonly SquareErrorEntry[]): string | undefined {
  if (entries.length === 0) return undefined;
  return entries
    .slice(0, 3)
    .map((entry) =>
      `${entry.code ?? 'unknown'}${entry.field ? ` at ${entry.field}` : ''}: ${entry.detail ?? ''}`.trim(),
    )
    .join('; ');
}

function retryAfterMs(error: SquareError): number | undefined {
  const header = error.rawResponse?.headers?.get?.('retry-after');
  if (header === null || header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1_000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `the connection failed: ${message}${code}`;
}
