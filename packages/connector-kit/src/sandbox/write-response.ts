import type { ServerResponse } from 'node:http';
import type { SandboxResponse } from './sandbox-types.ts';

/** Sends a handler's answer: strings and bytes as they are, anything else as JSON. Returns the status sent. */
export function writeSandboxResponse(outgoing: ServerResponse, response: SandboxResponse): number {
  const status = response.status ?? 200;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) headers[name.toLowerCase()] = value;
  let payload: string | Uint8Array | undefined;
  if (response.body === undefined) payload = undefined;
  else if (typeof response.body === 'string') {
    payload = response.body;
    headers['content-type'] ??= 'text/plain; charset=utf-8';
  } else if (response.body instanceof Uint8Array) {
    payload = response.body;
    headers['content-type'] ??= 'application/octet-stream';
  } else {
    payload = JSON.stringify(response.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  outgoing.writeHead(status, headers);
  outgoing.end(payload);
  return status;
}
