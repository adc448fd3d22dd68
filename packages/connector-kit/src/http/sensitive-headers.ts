import { redactedPlaceholder } from '@stockwire/connector-spec';

/** Headers that carry credentials for the vendors we talk to; their values never reach a message or a log. */
export const defaultSensitiveHeaders: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-shopify-access-token',
  'x-amz-access-token',
  'x-amz-security-token',
];

const authorizationSchemePattern = /^\s*(?:bearer|basic|token|oauth)\s+(.+)$/i;

/**
 * The secret values found in sensitive headers. For `Bearer abc` both the whole value and `abc` are secrets:
 * a vendor that echoes the token in an error body echoes it without the scheme.
 */
export function secretsFromHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  sensitiveHeaders: ReadonlySet<string>,
): string[] {
  const secrets: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value.length === 0 || !sensitiveHeaders.has(name.toLowerCase())) continue;
    secrets.push(value);
    const credential = authorizationSchemePattern.exec(value)?.[1];
    if (credential !== undefined) secrets.push(credential);
  }
  return secrets;
}

/** A copy of the headers, names lower-cased, with sensitive values replaced by `[REDACTED]`. */
export function redactHeaders(
  headers: Readonly<Record<string, string | undefined>>,
  sensitiveHeaders: ReadonlySet<string>,
): Record<string, string> {
  const redacted: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lowerName = name.toLowerCase();
    redacted[lowerName] = sensitiveHeaders.has(lowerName) ? redactedPlaceholder : value;
  }
  return redacted;
}
