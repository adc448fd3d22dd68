import type { IncomingMessage } from 'node:http';
import type { SandboxRequest } from './sandbox-types.ts';

/** Reads a whole incoming request into the plain shape sandbox handlers and the call log use. */
export async function readSandboxRequest(incoming: IncomingMessage): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const bodyText = Buffer.concat(chunks).toString('utf8');
  const url = new URL(incoming.url ?? '/', 'http://sandbox.invalid');
  const headers = readHeaders(incoming);
  return {
    method: (incoming.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: readQuery(url.searchParams),
    headers,
    bodyText,
    json: parseJsonBody(bodyText, headers['content-type']),
  };
}

function readHeaders(incoming: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function readQuery(searchParams: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of searchParams) {
    const existing = query[name];
    if (existing === undefined) query[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else query[name] = [existing, value];
  }
  return query;
}

function parseJsonBody(bodyText: string, contentType: string | undefined): unknown {
  if (bodyText.length === 0 || contentType === undefined || !contentType.toLowerCase().includes('json')) {
    return undefined;
  }
  try {
    return JSON.parse(bodyText);
  } catch {
    // A handler that cares about broken JSON reads bodyText; the log keeps the raw text either way.
    return undefined;
  }
}
