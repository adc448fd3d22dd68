import { capabilityNames, supports } from '@stockwire/connector-spec';
import { channelListsSku } from '@stockwire/model';
import type { FastifyInstance } from 'fastify';
import { failedSyncRates } from '../observability/failed-sync-rate.ts';
import { sustainedRates } from '../observability/limiter-usage.ts';
import { configurationHistoryRoutes } from './configuration-history-routes.ts';
import { configurationPreviewRoutes } from './configuration-preview-routes.ts';
import type { DashboardSource } from './dashboard-source.ts';
import { replenishmentRoutes } from './replenishment-routes.ts';

/**
 * `/admin/overview` (connections and totals), `/admin/timeseries` (recent samples), `/admin/replenishment`,
 * `/admin/configuration-history` and `POST /admin/configuration/preview`, for the dashboard.
 */
export async function dashboardAdminRoutes(app: FastifyInstance, options: { runner: DashboardSource }): Promise<void> {
  const { runner } = options;
  const { configuration } = runner;
  await app.register(replenishmentRoutes, { runner });
  await app.register(configurationHistoryRoutes, { runner });
  await app.register(configurationPreviewRoutes, { runner });

  app.get('/admin/overview', async () => {
    const samples = runner.timeSeries.samples();
    const latest = samples.at(-1);
    const failedSyncs = failedSyncRates(samples, runner.connections.keys());
    const connections = [...runner.connections.values()].map(({ name, connector, limiter }) => ({
      name,
      connector: connector.connector,
      capabilities: capabilityNames.filter((capability) => supports(connector, capability)),
      dirty: latest?.connections[name]?.dirty ?? null,
      /** Failed ÷ all calls and pushed items over the sampler's window (this process, the last 30 minutes). */
      failedSyncs: failedSyncs[name] ?? null,
      /** The declared sustained rates the budget chart compares with (units per second, per bucket). */
      limits:
        limiter === undefined ? [] : [...sustainedRates(limiter.policy)].map(([bucket, rate]) => ({ bucket, rate })),
    }));
    const pairs = configuration.channels.reduce(
      (count, channel) => count + configuration.skus.filter((sku) => channelListsSku(channel, sku.id)).length,
      0,
    );
    return {
      shadow: runner.options.shadow,
      sampleIntervalMs: runner.timeSeries.intervalMs,
      totals: {
        skus: configuration.skus.length,
        channels: configuration.channels.length,
        channelSkus: pairs,
        deadLetters: await runner.deadLetters.count(),
      },
      connections,
      latest: latest ?? null,
    };
  });

  app.get<{ Querystring: { since?: string } }>('/admin/timeseries', async (request) => {
    const since = Number(request.query.since);
    return {
      intervalMs: runner.timeSeries.intervalMs,
      samples: runner.timeSeries.samples(Number.isFinite(since) && since > 0 ? since : undefined),
    };
  });
}
