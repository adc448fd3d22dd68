import { type FastifyBaseLogger, type FastifyInstance, fastify, LogController } from 'fastify';
import { dashboardRoutes } from '../dashboard/dashboard-routes.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { adminRoutes } from './admin-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { installSignInLimit } from './hostile-traffic.ts';
import { installUnavailableAnswers } from './unavailable-answers.ts';
import { webhookRoutes } from './webhook-routes.ts';

export interface CreateHttpServerInput {
  readonly runner: Runner;
  /** `STOCKWIRE_ADMIN_TOKEN`; without it the admin API answers 503. */
  readonly adminToken?: string | undefined;
}

/** The runner's HTTP face: webhooks, health, metrics, the admin API and the dashboard, logging through the runner's logger. */
export async function createHttpServer(input: CreateHttpServerInput): Promise<FastifyInstance> {
  const app = fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance's default type parameters.
    loggerInstance: input.runner.logger as FastifyBaseLogger,
    // One line per webhook at vendor volumes is noise; outcomes worth reading are logged by the routes themselves.
    logController: new LogController({ disableRequestLogging: true }),
    // Lets in-flight requests finish on close while refusing new ones (graceful shutdown).
    forceCloseConnections: 'idle',
  });
  installUnavailableAnswers(app, input.runner);
  installSignInLimit(app);
  await app.register(webhookRoutes, { runner: input.runner });
  await app.register(healthRoutes, { runner: input.runner });
  await app.register(adminRoutes, { runner: input.runner, adminToken: input.adminToken });
  await app.register(dashboardRoutes, { adminToken: input.adminToken });
  return app;
}
