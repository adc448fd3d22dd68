import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedAlert {
  readonly status: number;
  readonly body: { text: string; blocks?: unknown[] };
}

/** A chat webhook on loopback that records every post and the status it answered (failing the first ones if asked). */
export interface AlertReceiver {
  readonly url: string;
  readonly received: () => readonly ReceivedAlert[];
  /** Posts answered 200, in arrival order. */
  readonly accepted: () => ReadonlyArray<{ text: string; blocks?: unknown[] }>;
  close(): Promise<void>;
}

export async function startAlertReceiver(options: { failFirst?: number } = {}): Promise<AlertReceiver> {
  const received: ReceivedAlert[] = [];
  let toFail = options.failFirst ?? 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = toFail > 0 ? 500 : 200;
      if (toFail > 0) toFail--;
      received.push({ status, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'unavailable');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/alerts`,
    received: () => received,
    accepted: () => received.filter((alert) => alert.status === 200).map((alert) => alert.body),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
