import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { RawWebhookV2 } from '@stockwire/connector-spec';

export interface DeliveryReceiver {
  readonly url: string;
  /** Every delivery answered 200, in arrival order, as the runner would receive it. */
  readonly received: RawWebhookV2[];
  /** Requests answered 503 so far (the runner being down). */
  readonly refusedCount: () => number;
  /** Answer the next `count` requests with 503. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/** A stand-in for the runner's webhook endpoint that keeps raw bodies, so tests verify exactly what was signed. */
export async function startDeliveryReceiver(): Promise<DeliveryReceiver> {
  const received: RawWebhookV2[] = [];
  let refuse = 0;
  let refused = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (refuse > 0) {
        refuse--;
        refused++;
        response.writeHead(503).end();
        return;
      }
      received.push({
        headers: flatten(request.headers),
        rawBody: Buffer.concat(chunks),
        receivedAt: new Date().toISOString(),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}/webhooks/vendure`,
    received,
    refusedCount: () => refused,
    refuseNext(count) {
      refuse = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );
}
