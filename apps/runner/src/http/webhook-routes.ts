import type { FastifyInstance } from 'fastify';
import type { Runner } from '../runtime/create-runner.ts';
import { createAggregatedWarnLog } from './hostile-traffic.ts';

/** Vendors send small JSON documents; a few megabytes leaves room for the largest batch notifications. */
const webhookBodyLimit = 5 * 1024 * 1024;

/**
 * `POST /webhooks/:connection`. The body is kept as raw bytes (a signature covers the exact bytes, so nothing may
 * parse and re-serialise it first); the answer comes as soon as the delivery is verified and enqueued, well within
 * any vendor's deadline.
 */
export async function webhookRoutes(app: FastifyInstance, options: { runner: Runner }): Promise<void> {
  const { runner } = options;
  // Anyone can post a forged delivery: one line per connection and minute, with the count left out, not one each.
  const warnOnce = createAggregatedWarnLog();
  // Inside this plugin only: every content type is read as bytes, whatever the vendor declares.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: webhookBodyLimit }, (_request, body, done) => {
    done(null, body);
  });

  app.post<{ Params: { connection: string } }>('/webhooks/:connection', async (request, reply) => {
    const { connection } = request.params;
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const acceptance = await runner.acceptWebhook(connection, {
      headers: request.headers,
      rawBody,
      receivedAt: new Date().toISOString(),
    });
    switch (acceptance.outcome) {
      case 'accepted':
        return reply.code(200).send({ accepted: true });
      case 'unknown-connection':
        return reply.code(404).send({ error: acceptance.message });
      case 'bad-signature':
        warnOnce(
          request.log,
          `bad-signature:${connection}`,
          { connection, reason: acceptance.message },
          'webhook refused: bad signature',
        );
        return reply.code(401).send({ error: 'the webhook signature does not match its body' });
      case 'malformed':
        request.log.warn({ connection, deadLetter: acceptance.deadLetter }, acceptance.message);
        return reply.code(400).send({ error: acceptance.message, deadLetter: acceptance.deadLetter });
    }
  });
}
