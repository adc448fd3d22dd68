import { ConnectorError, type ConnectorV2, supports } from '@stockwire/connector-spec';
import type { FastifyInstance } from 'fastify';
import type { Runner } from '../runtime/create-runner.ts';
import { createAggregatedWarnLog } from './hostile-traffic.ts';

/** Vendors send small JSON documents; a few megabytes leaves room for the largest batch notifications. */
const webhookBodyLimit = 5 * 1024 * 1024;

/** What an accepted delivery is answered with when its connector names no answer of its own. */
const acceptedBody = { accepted: true } as const;

/** The longest `challenge_code` taken: eBay's are UUIDs; anything far longer is not a vendor's check. */
const maxChallengeCodeLength = 512;

/**
 * A connector whose vendor validates the endpoint with `GET <endpoint>?challenge_code=…` (eBay's Notification API)
 * offers `answerChallenge(code)`, returning the JSON body to answer with. Detected by shape, never by name.
 */
interface AnswersEndpointChallenge {
  answerChallenge(challengeCode: string): unknown;
}

function answersEndpointChallenge(connector: ConnectorV2): connector is ConnectorV2 & AnswersEndpointChallenge {
  return (
    supports(connector, 'webhooks') &&
    typeof (connector as Partial<AnswersEndpointChallenge>).answerChallenge === 'function'
  );
}

/**
 * `GET /webhooks/:connection?challenge_code=…` answers a vendor's endpoint check with the connector's answer;
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

  app.get<{ Params: { connection: string }; Querystring: Record<string, unknown> }>(
    '/webhooks/:connection',
    async (request, reply) => {
      const { connection } = request.params;
      const connector = runner.connections.get(connection)?.connector;
      if (connector === undefined || !answersEndpointChallenge(connector)) {
        const message =
          connector === undefined
            ? `there is no connection "${connection}"`
            : `connection "${connection}" (${connector.connector}) answers no endpoint challenge`;
        return reply.code(404).send({ error: message });
      }
      const code = request.query.challenge_code;
      if (typeof code !== 'string' || code.length === 0 || code.length > maxChallengeCodeLength) {
        return reply
          .code(400)
          .send({ error: `give one challenge_code of 1 to ${maxChallengeCodeLength} characters in the query` });
      }
      try {
        return reply.code(200).type('application/json').send(connector.answerChallenge(code));
      } catch (error) {
        // A setting the answer needs is missing (eBay: verificationToken, notificationEndpoint): the operator's to fix.
        if (!ConnectorError.isInstance(error)) throw error;
        request.log.error({ connection, err: error }, 'cannot answer the endpoint challenge');
        return reply.code(500).send({ error: error.message });
      }
    },
  );

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
        // The body the vendor expects, if its connector names one (ShipHero checks it), else ours.
        return reply
          .code(200)
          .send(runner.connections.get(connection)?.connector.webhooks?.answer?.body ?? acceptedBody);
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
