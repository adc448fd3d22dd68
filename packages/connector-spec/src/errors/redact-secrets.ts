/** What a redacted secret is replaced with in messages, vendor bodies and logs. */
export const redactedPlaceholder = '[REDACTED]';

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED]`. Secrets are matched verbatim and in their
 * URL-encoded form (a token often travels in a query string), longest first so a secret that contains another is
 * removed whole rather than leaving a tail behind.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined | null>): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
  }
  const longestFirst = [...variants].sort((left, right) => right.length - left.length);
  let redacted = text;
  for (const variant of longestFirst) redacted = redacted.split(variant).join(redactedPlaceholder);
  return redacted;
}
