import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { type FastifyBaseLogger, type FastifyInstance, fastify, LogController } from 'fastify';
import type { QueueBoardSource } from './dashboard-source.ts';

/**
 * bull-board on a Fastify instance of its own, mounted at `basePath`: the queue board's whole module graph (bull-board,
 * @fastify/static, @fastify/view, ejs, lodash, valibot) is loaded only when someone opens the board, not by every
 * runner at start (#14). queue-board-routes.ts forwards requests to it.
 */
export async function createQueueBoardApp(input: {
  readonly runner: QueueBoardSource;
  readonly basePath: string;
  readonly logger: FastifyBaseLogger;
}): Promise<FastifyInstance> {
  const board = fastify({
    loggerInstance: input.logger,
    // As the runner's server: requests are not logged one by one (these are the runner's own, forwarded).
    logController: new LogController({ disableRequestLogging: true }),
  });
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(input.basePath);
  createBullBoard({
    queues: [...input.runner.queues.values()].map((queue) => new BullMQAdapter(queue)),
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
  await board.register(serverAdapter.registerPlugin(), { prefix: input.basePath });
  await board.ready();
  return board;
}
