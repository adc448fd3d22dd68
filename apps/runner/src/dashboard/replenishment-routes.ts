import type { FastifyInstance } from 'fastify';
import { readReplenishment } from '../replenishment/replenishment-report.ts';
import type { DashboardSource } from './dashboard-source.ts';

/**
 * `/admin/replenishment`: the suggestions `stockwire replenish --json` prints, from the live stock. Suggestions,
 * never orders: nothing is written. `configured: false` when the configuration has no replenishment section.
 */
export async function replenishmentRoutes(
  app: FastifyInstance,
  options: { runner: Pick<DashboardSource, 'configuration' | 'engine'> },
): Promise<void> {
  const { configuration, engine } = options.runner;
  app.get('/admin/replenishment', async () => {
    const { replenishment } = configuration;
    if (replenishment === undefined) return { configured: false };
    return {
      configured: true,
      ...(await readReplenishment({ configuration, replenishment, engine, now: new Date() })),
    };
  });
}
