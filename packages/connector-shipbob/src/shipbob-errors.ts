import {
  AuthenticationError,
  type ConnectorError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';

/**
 * ShipBob's error bodies differ by service, so one lenient schema reads them all (only what a message needs):
 * - RFC 7807 ProblemDetails (Inventory, Billing, Receiving): `{ type, title, status, detail, instance }`;
 * - a 400 validation map (order create): `{ "products[0].quantity": ["must be positive"] }`, or ProblemDetails
 *   with `errors` holding that map (HttpValidationProblemDetails, Products);
 * - `Orders.ErrorResponse` (2026-01): `{ code, message }`;
 * - the 429 body: `{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 25 seconds." }`.
 * https://developer.shipbob.com/rate-limit
 */
export const ShipBobErrorBodySchema = z.looseObject({
  title: z.string().nullish(),
  detail: z.string().nullish(),
  status: z.number().nullish(),
  statusCode: z.number().nullish(),
  code: z.string().nullish(),
  message: z.string().nullish(),
  errors: z.record(z.string(), z.array(z.string())).nullish(),
});

/** A readable explanation from any of ShipBob's error bodies, or undefined when it says nothing useful. */
export function describeShipBobErrorBody(bodyText: string | undefined): string | undefined {
  if (bodyText === undefined || bodyText.trim().length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return bodyText.slice(0, 300);
  }
  const parsed = ShipBobErrorBodySchema.safeParse(body);
  if (!parsed.success) return bodyText.slice(0, 300);
  const { title, detail, code, message, errors } = parsed.data;
  const parts = [code, title, detail, message].filter(
    (part): part is string => typeof part === 'string' && part !== '',
  );
  const fieldMap = errors ?? fieldMessages(parsed.data);
  for (const [field, messages] of Object.entries(fieldMap)) parts.push(`${field}: ${messages.join('; ')}`);
  return parts.length === 0 ? undefined : parts.join(' — ');
}

/** The bare validation map: every remaining key whose value is a list of strings. */
function fieldMessages(body: Record<string, unknown>): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) fields[key] = value;
  }
  return fields;
}

/** "Try again in 25 seconds." — the body's wait, for a 429 whose `x-retry-after` header went missing. */
export function retryAfterFromBody(bodyText: string | undefined): number | undefined {
  const match = /try again in (\d+) seconds?/i.exec(bodyText ?? '');
  return match === null ? undefined : Number(match[1]) * 1_000;
}

export interface ShipBobFailure {
  status: number;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  bodyText: string | undefined;
}

export interface ShipBobFailureContext {
  /** What was called, e.g. `GET /2026-01/inventory-level/locations`. */
  target: string;
  connection: string;
  secrets?: readonly string[];
}

/** Turns one ShipBob answer that is not 2xx into the typed error the runner acts on. */
export function shipBobErrorFromResponse(failure: ShipBobFailure, context: ShipBobFailureContext): ConnectorError {
  const explanation = describeShipBobErrorBody(failure.bodyText);
  const common = {
    connection: context.connection,
    secrets: context.secrets,
    vendorStatus: failure.status,
    vendorBody: failure.bodyText,
  };
  const target = `ShipBob ${context.target}${explanation === undefined ? '' : ` (${explanation})`}`;
  if (failure.status === 429) {
    const header = Number(failure.headers['x-retry-after']);
    const retryAfterMs =
      Number.isFinite(header) && header >= 0 ? header * 1_000 : (retryAfterFromBody(failure.bodyText) ?? 1_000);
    return new RateLimitedError({ ...common, target, retryAfterMs });
  }
  // 401: the token is wrong, expired or revoked; 403: it lacks a scope (inventory_read, receiving_read, orders_read).
  if (failure.status === 401 || failure.status === 403) return new AuthenticationError({ ...common, target });
  if (failure.status >= 500 || failure.status === 408) {
    return new TransientError({ ...common, target, reason: `ShipBob answered HTTP ${failure.status}` });
  }
  return new RequestRejectedError({
    ...common,
    target: `ShipBob ${context.target}`,
    vendorStatus: failure.status,
    vendorMessage: explanation,
  });
}
