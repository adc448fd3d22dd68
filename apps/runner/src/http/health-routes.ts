import type { FastifyInstance } from 'fastify';
import type { Runner } from '../runtime/create-runner.ts';

/** Liveness, readiness and Prometheus metrics: unauthenticated, for the orchestrator and the scraper. */
export async function healthRoutes(app: FastifyInstance, options: { runner: Runner }): Promise<void> {
  const { runner } = options;
  // Alive means the event loop answers; a Redis outage is readiness' business, and must not restart the process.
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const readiness = await runner.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });

  app.get('/metrics', async (_request, reply) => {
    const { registry } = runner.metrics;
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });
}
