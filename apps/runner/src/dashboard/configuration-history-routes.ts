import type { FastifyInstance } from 'fastify';
import type { DashboardSource } from './dashboard-source.ts';

/** `/admin/configuration-history`: every configuration a runner started with, newest first (at most 100). */
export async function configurationHistoryRoutes(
  app: FastifyInstance,
  options: { runner: Pick<DashboardSource, 'configurationHistory'> },
): Promise<void> {
  app.get<{ Querystring: { limit?: string } }>('/admin/configuration-history', async (request) => {
    const limit = Number(request.query.limit);
    const starts = await options.runner.configurationHistory.list(
      Number.isInteger(limit) && limit > 0 ? limit : undefined,
    );
    return { starts };
  });
}
