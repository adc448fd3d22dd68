import { MalformedPayloadError } from '@stockwire/connector-spec';
import type { AxiosResponse } from 'axios';

/** Lower-cased header names; repeated headers joined with `, `. */
export function readHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const read: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    read[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return read;
}

export function readBodyText(data: unknown): string {
  if (data === undefined || data === null) return '';
  if (typeof data === 'string') return data;
  if (data instanceof Uint8Array) return Buffer.from(data).toString('utf8');
  // A custom adapter may hand back an already-parsed object.
  return JSON.stringify(data);
}

/** JSON when the content type says so (a body that lies is a MalformedPayloadError), else the text. */
export function parseBody(
  raw: unknown,
  bodyText: string,
  contentType: string | undefined,
  target: string,
  context: { connection: string | undefined; secrets: readonly string[] },
): unknown {
  if (raw !== null && typeof raw === 'object' && !(raw instanceof Uint8Array)) return raw;
  if (bodyText.length === 0) return undefined;
  if (contentType === undefined || !/\bjson\b/i.test(contentType)) return bodyText;
  try {
    return JSON.parse(bodyText);
  } catch (error) {
    throw new MalformedPayloadError({
      what: `the response of ${target}`,
      path: '$',
      problem: `it says it is JSON but does not parse (${error instanceof Error ? error.message : String(error)})`,
      connection: context.connection,
      secrets: context.secrets,
      vendorBody: bodyText,
    });
  }
}
