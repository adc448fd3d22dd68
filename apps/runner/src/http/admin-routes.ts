import { channelListsSku } from '@stockwire/model';
import type { FastifyInstance } from 'fastify';
import { dashboardAdminRoutes } from '../dashboard/dashboard-admin-routes.ts';
import { queueBoardRoutes } from '../dashboard/queue-board-routes.ts';
import { readSkuLedger } from '../observability/sku-ledger.ts';
import { syncStateOf } from '../observability/sync-state.ts';
import { comparisonOf } from '../pipeline/shadow-report.ts';
import type { Runner } from '../runtime/create-runner.ts';
import { adminAuthHook } from './admin-auth.ts';
import {
  deadLetterSchema,
  deadLettersSchema,
  limitSchema,
  orderSchema,
  shadowSchema,
  skuSchema,
  statusSchema,
} from './admin-schemas.ts';

export interface AdminRoutesOptions {
  readonly runner: Runner;
  /** The bearer token the admin API requires; without one the admin API is off. */
  readonly adminToken: string | undefined;
}

/**
 * `/admin/…`: status per SKU and channel, one SKU's ledger, drifts, routed orders, shadow report, dead letters, replay, the dashboard's overview and
 * time series (JSON), and the queue board. Behind `Authorization: Bearer <token>` or the dashboard's session cookie.
 */
export async function adminRoutes(app: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { runner, adminToken } = options;

  app.addHook('onRequest', adminAuthHook(adminToken));

  app.get<{
    Querystring: {
      sku?: string | string[];
      channel?: string | string[];
      search?: string;
      limit?: number;
      offset?: number;
    };
  }>('/admin/status', { schema: statusSchema }, async (request) => {
    const wanted = (value: string | string[] | undefined) =>
      value === undefined ? undefined : new Set(Array.isArray(value) ? value : [value]);
    const skuFilter = wanted(request.query.sku);
    const channelFilter = wanted(request.query.channel);
    const limit = request.query.limit ?? 100;
    const offset = request.query.offset ?? 0;
    const search = request.query.search?.trim().toLowerCase() ?? '';
    const channels = runner.configuration.channels.filter((channel) => channelFilter?.has(channel.id) ?? true);
    const pairs = runner.configuration.skus
      .filter((sku) => (skuFilter?.has(sku.id) ?? true) && sku.id.toLowerCase().includes(search))
      .flatMap((sku) =>
        channels.filter((channel) => channelListsSku(channel, sku.id)).map((channel) => ({ sku, channel })),
      );
    const page = pairs.slice(offset, offset + limit);
    const rows = await Promise.all(
      page.map(async ({ sku, channel }) => {
        const status = await runner.engine.status(sku.id, channel.id);
        return {
          sku: sku.id,
          channel: channel.id,
          connection: channel.connection,
          ...status,
          state: syncStateOf(status),
        };
      }),
    );
    return { total: pairs.length, offset, rows };
  });

  // One SKU as the engine holds it: positions, channel values and the last updates with their source.
  app.get<{ Params: { sku: string }; Querystring: { location?: string; limit?: number } }>(
    '/admin/skus/:sku',
    { schema: skuSchema },
    async (request, reply) => {
      const { location, limit } = request.query;
      if (location !== undefined && !runner.configuration.locations.some(({ id }) => id === location)) {
        return reply.code(404).send({ error: `there is no location ${location} in the configuration` });
      }
      const view = await readSkuLedger(runner, request.params.sku, {
        location,
        limit: limit ?? 20,
      });
      return view === undefined
        ? reply.code(404).send({ error: `there is no SKU ${request.params.sku} in the configuration` })
        : view;
    },
  );
  app.get<{ Querystring: { limit?: number } }>('/admin/drifts', { schema: limitSchema }, async (request) => {
    return { drifts: await runner.engine.drifts(request.query.limit ?? 100) };
  });

  // Where an order routed by the engine holds its stock, and why (source = the connection it came through).
  app.get<{ Params: { source: string; orderReference: string } }>(
    '/admin/orders/:source/:orderReference',
    { schema: orderSchema },
    async (request, reply) => {
      const { source, orderReference } = request.params;
      const decision = await runner.engine.orderDecision(source, orderReference);
      return decision === undefined
        ? reply.code(404).send({ error: `no order ${orderReference} from ${source} has been routed` })
        : decision;
    },
  );

  app.get<{ Querystring: { channel?: string; sku?: string; differs?: string } }>(
    '/admin/shadow',
    { schema: shadowSchema },
    async (request) => {
      const { channel, sku, differs } = request.query;
      const entries = (await runner.shadowReport()).filter(
        (entry) =>
          (channel === undefined || entry.channel === channel) &&
          (sku === undefined || entry.sku === sku) &&
          (differs !== 'true' || comparisonOf(entry) === 'differs'),
      );
      return { shadow: runner.options.shadow, entries };
    },
  );

  app.get<{ Querystring: { limit?: number; before?: string } }>(
    '/admin/dead-letters',
    { schema: deadLettersSchema },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const before = request.query.before;
      const letters = await runner.deadLetters.list({ limit, ...(before === undefined ? {} : { before }) });
      return { total: await runner.deadLetters.count(), deadLetters: letters };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/admin/dead-letters/:id',
    { schema: deadLetterSchema },
    async (request, reply) => {
      const letter = await runner.deadLetters.get(request.params.id);
      return letter === undefined
        ? reply.code(404).send({ error: `there is no dead letter ${request.params.id}` })
        : letter;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/admin/dead-letters/:id/replay',
    { schema: deadLetterSchema },
    async (request, reply) => {
      const result = await runner.replay(request.params.id);
      return reply.code(result.replayed ? 200 : 409).send(result);
    },
  );

  // Registered inside this plugin, so the same gate covers them.
  await app.register(dashboardAdminRoutes, { runner });
  await app.register(queueBoardRoutes, { runner });
}
