import type { FastifyInstance } from 'fastify';
import type { DashboardSource } from './dashboard-source.ts';
import { ownConfigurationStart } from './own-configuration-start.ts';

/**
 * `/admin/configuration-history`: every configuration a runner started with, newest first (at most 100). Several
 * runners share the history, so the newest entry is not necessarily what this one runs: `current` is the
 * configuration the serving runner started with, and each start says whether it had that content (`current`) and
 * whether it is this runner's own (`thisRunner`).
 */
export async function configurationHistoryRoutes(
  app: FastifyInstance,
  options: { runner: Pick<DashboardSource, 'configurationHistory'> },
): Promise<void> {
  const { configurationHistory } = options.runner;
  app.get<{ Querystring: { limit?: string } }>('/admin/configuration-history', async (request) => {
    const limit = Number(request.query.limit);
    const [starts, own] = await Promise.all([
      configurationHistory.list(Number.isInteger(limit) && limit > 0 ? limit : undefined),
      ownConfigurationStart(configurationHistory),
    ]);
    return {
      current:
        own === undefined
          ? null
          : { contentHash: own.contentHash, file: own.file, startedAt: own.startedAt, host: own.host, pid: own.pid },
      starts: starts.map((start) => ({
        ...start,
        current: start.contentHash === own?.contentHash,
        thisRunner: start.host === own?.host && start.pid === own.pid && start.startedAt === own.startedAt,
      })),
    };
  });
}
