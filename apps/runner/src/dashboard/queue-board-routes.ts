import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyInstance } from 'fastify';
import type { QueueBoardSource } from './dashboard-source.ts';

export const queueBoardPath = '/admin/queues';

/**
 * bull-board at `/admin/queues`: the runner's BullMQ queues (waiting, delayed, failed jobs; retry, clean). Mounted
 * inside the admin routes, so the admin token or the dashboard session guards it.
 */
export async function queueBoardRoutes(app: FastifyInstance, options: { runner: QueueBoardSource }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(queueBoardPath);
  createBullBoard({
    queues: [...options.runner.queues.values()].map((queue) => new BullMQAdapter(queue)),
    // @bull-board/fastify 9.10.1 declares its adapter against its own copy of @bull-board/api (9.10.1); the
    // adapter interface is the same in 9.10.2, only the duplicated class declarations keep TypeScript from seeing it.
    serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'],
    options: {
      uiConfig: {
        boardTitle: 'Stockwire queues',
        miscLinks: [{ text: 'Dashboard', url: '/dashboard' }],
        hideDocsLink: true,
      },
    },
  });
  // bull-board's page asks Google Fonts for its typeface; the runner's pages load nothing from outside.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', queueBoardPolicy);
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: queueBoardPath });
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
