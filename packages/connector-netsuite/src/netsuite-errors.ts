import {
  AuthenticationError,
  type ConnectorError,
  RateLimitedError,
  RequestRejectedError,
  TransientError,
} from '@stockwire/connector-spec';
import { z } from 'zod';

/**
 * NetSuite's REST error body (RFC 7807-like) and the RESTlet form, read leniently (only what a message needs):
 * `{ type, title, status, "o:errorCode"?, "o:errorDetails": [{ detail, "o:errorCode", "o:errorPath"? }] }` and
 * `{ error: { code, message } }`.
 * https://docs.oracle.com/en/cloud/saas/netsuite/ns-online-help/section_156570709583.html
 */
export const NetSuiteErrorBodySchema = z.looseObject({
  title: z.string().nullish(),
  status: z.number().nullish(),
  'o:errorCode': z.string().nullish(),
  'o:errorDetails': z
    .array(
      z.looseObject({
        detail: z.string().nullish(),
        'o:errorCode': z.string().nullish(),
        'o:errorPath': z.string().nullish(),
      }),
    )
    .nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

export interface NetSuiteErrorDescription {
  /** Every error code in the body, most specific first (`CONCURRENCY_LIMIT_EXCEEDED` before `USER_ERROR`). */
  readonly codes: readonly string[];
  readonly explanation: string | undefined;
  /** The `o:errorPath` of the first detail, e.g. `inventory.items[0].item`, to name the item at fault. */
  readonly path: string | undefined;
}

export function describeNetSuiteErrorBody(bodyText: string | undefined): NetSuiteErrorDescription {
  const none = { codes: [], explanation: undefined, path: undefined };
  if (bodyText === undefined || bodyText.trim().length === 0) return none;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { ...none, explanation: bodyText.slice(0, 300) };
  }
  const parsed = NetSuiteErrorBodySchema.safeParse(body);
  if (!parsed.success) return { ...none, explanation: bodyText.slice(0, 300) };
  const details = parsed.data['o:errorDetails'] ?? [];
  const codes = [
    ...details.map((detail) => detail['o:errorCode']),
    parsed.data.error?.code,
    parsed.data['o:errorCode'],
  ].filter((code): code is string => typeof code === 'string' && code.length > 0);
  const parts = [
    ...details.map((detail) => [detail['o:errorCode'], detail.detail].filter(Boolean).join(': ')),
    [parsed.data.error?.code, parsed.data.error?.message].filter(Boolean).join(': '),
  ].filter((part) => part.length > 0);
  return {
    codes,
    explanation: parts.length === 0 ? (parsed.data.title ?? undefined) : parts.join(' — '),
    path: details.find((detail) => detail['o:errorPath'])?.['o:errorPath'] ?? undefined,
  };
}

/** Codes meaning "too many requests in flight for the account" (REST and RESTlets). */
export const netSuiteConcurrencyCodes = ['CONCURRENCY_LIMIT_EXCEEDED', 'SSS_REQUEST_LIMIT_EXCEEDED'] as const;
const authenticationCodes = ['INVALID_LOGIN', 'INVALID_LOGIN_ATTEMPT', 'INSUFFICIENT_PERMISSION', 'INVALID_TOKEN'];

export interface NetSuiteFailure {
  readonly status: number;
  readonly bodyText: string | undefined;
  /** The wait a standard `Retry-After` header gave, when there was one (NetSuite documents none). */
  readonly retryAfterMs?: number | undefined;
}

export interface NetSuiteFailureContext {
  /** What was called, e.g. `POST /services/rest/query/v1/suiteql`. */
  readonly target: string;
  readonly connection: string;
  readonly secrets?: readonly string[];
  /** Used when a concurrency refusal carries no wait. */
  readonly defaultPauseMs: number;
}

/** Turns one NetSuite answer that is not 2xx into the typed error the runner acts on. */
export function netSuiteErrorFromResponse(failure: NetSuiteFailure, context: NetSuiteFailureContext): ConnectorError {
  const description = describeNetSuiteErrorBody(failure.bodyText);
  const common = {
    connection: context.connection,
    secrets: context.secrets,
    vendorStatus: failure.status,
    vendorBody: failure.bodyText,
  };
  const explained = `NetSuite ${context.target}${description.explanation ? ` (${description.explanation})` : ''}`;
  const hasCode = (codes: readonly string[]) => description.codes.some((code) => codes.includes(code));
  if (failure.status === 429 || hasCode(netSuiteConcurrencyCodes)) {
    const retryAfterMs =
      failure.retryAfterMs !== undefined && failure.retryAfterMs > 0 ? failure.retryAfterMs : context.defaultPauseMs;
    return new RateLimitedError({ ...common, target: explained, retryAfterMs });
  }
  if (failure.status === 401 || failure.status === 403 || hasCode(authenticationCodes)) {
    return new AuthenticationError({ ...common, target: explained });
  }
  if (failure.status >= 500 || failure.status === 408) {
    return new TransientError({ ...common, target: explained, reason: `NetSuite answered HTTP ${failure.status}` });
  }
  return new RequestRejectedError({
    ...common,
    target: `NetSuite ${context.target}`,
    vendorStatus: failure.status,
    vendorMessage: description.explanation,
  });
}
