import type { RawWebhookV2 } from '@stockwire/connector-spec';

/** A header of a webhook, matched case-insensitively; the first value when the vendor repeated it. */
export function headerValue(headers: RawWebhookV2['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return Array.isArray(value) ? value[0] : (value as string | undefined);
  }
  return undefined;
}
