import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryOutbox } from './delivery-outbox.ts';
import type { StockwireDelivery } from './delivery-payloads.ts';
import { signStockwireDelivery } from './delivery-signing.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

/** A receiver that answers `statuses` in turn (then 200) and keeps what it took. */
async function receiver(statuses: number[]) {
  const taken: Array<{ headers: Record<string, unknown>; body: string }> = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) taken.push({ headers: request.headers, body });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/webhooks/vendure`, taken };
}

const delivery = (id: string, topic: StockwireDelivery['topic']): StockwireDelivery => ({
  id,
  topic,
  occurredAt: new Date().toISOString(),
  channel: 'default',
});

const outboxFor = (url: string, maxQueued = 100) =>
  new DeliveryOutbox({
    url,
    secret: 's3cret',
    maxQueued,
    initialRetryDelayMs: 5,
    maxRetryDelayMs: 20,
    requestTimeoutMs: 2_000,
  });

describe('the delivery outbox', () => {
  it('retries through 5xx answers and delivers every delivery once, in order, signed over the raw body', async () => {
    const remote = await receiver([503, 503, 500]);
    const outbox = outboxFor(remote.url);
    outbox.enqueue(delivery('order.placed:A', 'order.placed'));
    outbox.enqueue(delivery('order.cancelled:A', 'order.cancelled'));
    await outbox.idle();
    expect(remote.taken.map((entry) => JSON.parse(entry.body).id)).toEqual(['order.placed:A', 'order.cancelled:A']);
    const first = remote.taken[0];
    const timestamp = Number(first?.headers['x-stockwire-timestamp']);
    expect(first?.headers['x-stockwire-signature']).toBe(signStockwireDelivery('s3cret', first?.body ?? '', timestamp));
    expect(first?.headers['x-stockwire-delivery-id']).toBe('order.placed:A');
    expect(outbox.statistics).toMatchObject({ delivered: 2, attempts: 5, dropped: 0, queued: 0 });
    outbox.stop();
  });

  it('gives up on a delivery the runner refuses for good (401) and goes on with the next', async () => {
    const remote = await receiver([401]);
    const outbox = outboxFor(remote.url);
    outbox.enqueue(delivery('order.placed:B', 'order.placed'));
    outbox.enqueue(delivery('order.placed:C', 'order.placed'));
    await outbox.idle();
    expect(remote.taken.map((entry) => JSON.parse(entry.body).id)).toEqual(['order.placed:C']);
    expect(outbox.statistics).toMatchObject({ rejected: 1, delivered: 1 });
    outbox.stop();
  });

  it('when full, drops a queued stock movement before any order, and an order only when nothing else can go', async () => {
    const outbox = outboxFor('http://127.0.0.1:9/unreachable', 3);
    outbox.enqueue(delivery('order.placed:1', 'order.placed'));
    outbox.enqueue(delivery('stock.movement:1', 'stock.movement'));
    outbox.enqueue(delivery('order.placed:2', 'order.placed'));
    outbox.enqueue(delivery('order.placed:3', 'order.placed'));
    expect(outbox.statistics).toMatchObject({ dropped: 1, queued: 3 });
    outbox.enqueue(delivery('order.placed:4', 'order.placed'));
    expect(outbox.statistics).toMatchObject({ dropped: 2, queued: 3 });
    outbox.stop();
  });
});
