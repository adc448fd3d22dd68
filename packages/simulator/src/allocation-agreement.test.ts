import { createEngine } from '@stockwire/engine';
import {
  AllocationConfigurationSchema,
  applyEvents,
  ChannelSchema,
  type InventoryEvent,
  LocationSchema,
  type Position,
  SkuSchema,
  StockwireConfigurationSchema,
} from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { buildCatalogLookups, sellableFrom } from './catalog-lookups.ts';
import { reliableDelivery, type Scenario } from './scenario.ts';
import { defaultBatchSizes, defaultChannels } from './scenarios/scenario-building.ts';
import { dateAt, timestampAt } from './simulation-time.ts';
import { copiedSellable } from './systems/periodic-sync-system.ts';
import { StockwireSystem } from './systems/stockwire-system.ts';

const server = useRedisServer();
const locations = ['wh-east', 'wh-west'];

/**
 * Two warehouses; the east one is a pool where a wholesale contract ring-fences 200 units of every SKU and the
 * marketplace a tenth, the marketplace served first when stock is scarce.
 */
const pooled: Scenario = {
  name: 'allocation-agreement',
  description: 'a wholesale contract ring-fencing 200 units in the east warehouse',
  durationSeconds: 60,
  locations: [
    LocationSchema.parse({ id: 'wh-east', kind: 'warehouse', region: 'us-east', priority: 1 }),
    LocationSchema.parse({ id: 'wh-west', kind: 'warehouse', region: 'us-west', priority: 2 }),
  ],
  skus: [SkuSchema.parse({ id: 'MUG-LOGO' }), SkuSchema.parse({ id: 'TEA-EARL-GREY' })],
  channels: [...defaultChannels(locations), ChannelSchema.parse({ id: 'wholesale', connection: 'edi', locations })],
  allocation: AllocationConfigurationSchema.parse({
    pools: [
      {
        id: 'east',
        region: 'us-east',
        reservations: [
          { channel: 'wholesale', quantity: 200 },
          { channel: 'marketplace', percentage: 10 },
        ],
        priority: ['marketplace', 'wholesale'],
      },
    ],
  }),
  batchSizes: { ...defaultBatchSizes, edi: 500 },
  initialStock: [
    { sku: 'MUG-LOGO', location: 'wh-east', onHand: 250 },
    { sku: 'MUG-LOGO', location: 'wh-west', onHand: 30 },
    // Scarce: the marketplace's 15 first, then wholesale gets 135 of its 200 and nothing is left to share.
    { sku: 'TEA-EARL-GREY', location: 'wh-east', onHand: 150 },
    { sku: 'TEA-EARL-GREY', location: 'wh-west', onHand: 4 },
  ],
  faults: reliableDelivery,
  fulfilmentDelaySeconds: 600,
  warehouseConnection: 'wms',
  generate: () => ({ demand: [], changes: [] }),
};

const opening: InventoryEvent[] = pooled.initialStock.map((stock) => ({
  kind: 'snapshot',
  idempotencyKey: `opening:${stock.sku}:${stock.location}`,
  source: 'wms',
  occurredAt: timestampAt(0),
  sku: stock.sku,
  location: stock.location,
  quantities: { onHand: stock.onHand },
}));

const byKey = (left: { channel: string; sku: string }, right: { channel: string; sku: string }) =>
  `${left.channel}/${left.sku}`.localeCompare(`${right.channel}/${right.sku}`);

describe('the simulated Stockwire with allocation pools', () => {
  it('publishes the ring-fenced quantities the real engine computes for the same stock', async () => {
    const lookups = buildCatalogLookups(pooled);
    const system = new StockwireSystem({
      syncLatencySeconds: 1.5,
      reconcileIntervalSeconds: 900,
      buffer: { kind: 'configured' },
    });
    const positions = new Map<string, Position>();
    applyEvents(positions, opening);
    const view = { sellableAt: sellableFrom(positions), locations: lookups.locations };
    const simulated = lookups.listings
      .map(({ channel, sku }) => ({
        channel: channel.id,
        sku: sku.id,
        quantity: system.intendedQuantity(lookups, channel, sku, view, pooled.durationSeconds),
      }))
      .sort(byKey);

    // By hand. MUG-LOGO: the east pool's 250 split marketplace 25, wholesale 200, 25 shared; west adds 30.
    // TEA-EARL-GREY: 150 split marketplace 15, wholesale 135, 0 shared; west adds 4.
    expect(simulated).toEqual([
      { channel: 'marketplace', sku: 'MUG-LOGO', quantity: 64 }, // (25 + 25 + 30) × 80%
      { channel: 'marketplace', sku: 'TEA-EARL-GREY', quantity: 15 }, // (15 + 4) × 80% = 15.2
      { channel: 'social', sku: 'MUG-LOGO', quantity: 53 }, // 25 + 30 − buffer 2
      { channel: 'social', sku: 'TEA-EARL-GREY', quantity: 2 }, // 0 + 4 − 2
      { channel: 'web', sku: 'MUG-LOGO', quantity: 53 },
      { channel: 'web', sku: 'TEA-EARL-GREY', quantity: 2 },
      { channel: 'wholesale', sku: 'MUG-LOGO', quantity: 255 }, // 200 + 25 + 30
      { channel: 'wholesale', sku: 'TEA-EARL-GREY', quantity: 139 }, // 135 + 0 + 4
    ]);

    const configuration = StockwireConfigurationSchema.parse({
      version: 1,
      locations: pooled.locations,
      skus: pooled.skus,
      connections: {
        wms: { connector: 'file' },
        shopify: { connector: 'shopify' },
        amazon: { connector: 'amazon' },
        'social-shop': { connector: 'file' },
        edi: { connector: 'file' },
      },
      authority: [{ connections: ['wms', 'shopify', 'amazon', 'social-shop', 'edi'], states: '*' }],
      channels: pooled.channels,
      allocation: pooled.allocation,
    });
    const redis = new Redis(server.url);
    try {
      const engine = createEngine({
        redis,
        configuration,
        options: { keyPrefix: `simulator-allocation-${process.pid}` },
        now: () => dateAt(pooled.durationSeconds),
      });
      const result = await engine.ingest({ connection: '', events: opening });
      expect(result.rejections).toEqual([]);
      const fromEngine = [];
      for (const sku of pooled.skus) {
        for (const computed of await engine.compute(sku.id)) {
          fromEngine.push({ channel: computed.channel, sku: computed.sku, quantity: computed.quantity });
        }
      }
      expect(fromEngine.sort(byKey)).toEqual(simulated);
    } finally {
      redis.disconnect();
    }
  });

  it('leaves the copying baselines without allocation: they copy every sellable unit', () => {
    const lookups = buildCatalogLookups(pooled);
    const positions = new Map<string, Position>();
    applyEvents(positions, opening);
    const view = { sellableAt: sellableFrom(positions), locations: lookups.locations };
    const web = lookups.channels.get('web');
    const mug = lookups.skus.get('MUG-LOGO');
    if (web === undefined || mug === undefined) throw new Error('scenario lacks web or MUG-LOGO');
    expect(copiedSellable(lookups, web, mug, view, 0)).toBe(280);
  });
});
