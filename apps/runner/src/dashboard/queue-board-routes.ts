import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { QueueBoardSource } from './dashboard-source.ts';

export const queueBoardPath = '/admin/queues';

/**
 * bull-board at `/admin/queues`: the runner's BullMQ queues (waiting, delayed, failed jobs; retry, clean). Mounted
 * inside the admin routes, so the admin token or the dashboard session guards it.
 *
 * The board is built on the first request, not at start: its modules held some 7 MiB resident in every runner, most
 * of which never serves the page (#14). Requests under the path are handed to the board's own Fastify instance
 * (queue-board-app.ts) with `inject`, after this server's hooks (authentication, Redis) have run, and its answer is
 * sent as it is: status, headers, body.
 */
export async function queueBoardRoutes(app: FastifyInstance, options: { runner: QueueBoardSource }): Promise<void> {
  let board: Promise<FastifyInstance> | undefined;
  const boardApp = () => {
    board ??= import('./queue-board-app.ts')
      .then(({ createQueueBoardApp }) =>
        createQueueBoardApp({ runner: options.runner, basePath: queueBoardPath, logger: app.log }),
      )
      .catch((error: unknown) => {
        // A board that failed to build is tried again by the next request rather than failing every one after it.
        board = undefined;
        throw error;
      });
    return board;
  };
  // bull-board's page asks Google Fonts for its typeface; the runner's pages load nothing from outside.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', queueBoardPolicy);
  });
  app.addHook('onClose', async () => {
    await (await board?.catch(() => undefined))?.close();
  });
  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    const answer = await (await boardApp()).inject({
      method: request.method as 'GET',
      url: request.url,
      headers: forwardedHeaders(request.headers),
      // The body this server parsed (JSON), sent on as JSON; bull-board's routes take nothing else.
      ...(request.body === undefined ? {} : { payload: request.body as object }),
    });
    reply.code(answer.statusCode);
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !hopByHopHeaders.has(name)) reply.header(name, value);
    }
    return reply.send(answer.rawPayload);
  };
  app.all(queueBoardPath, forward);
  app.all(`${queueBoardPath}/*`, forward);
}

/** Set again by whichever server sends the bytes: the body's length and framing are this server's to state. */
const hopByHopHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

function forwardedHeaders(headers: FastifyRequest['headers']): Record<string, string | string[]> {
  const forwarded: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHopHeaders.has(name)) forwarded[name] = value;
  }
  return forwarded;
}

const queueBoardPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');
