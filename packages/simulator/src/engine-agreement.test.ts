import { createEngine } from '@stockwire/engine';
import { applyEvents, type InventoryEvent, type Position, StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { buildCatalogLookups, channelQuantity, sellableFrom } from './catalog-lookups.ts';
import { Market } from './market.ts';
import { findScenario } from './scenarios/scenario-registry.ts';
import { createSeededRandom } from './seeded-random.ts';
import { dateAt } from './simulation-time.ts';
import type { SyncSystem } from './sync-system.ts';
import { StockwireSystem } from './systems/stockwire-system.ts';

const server = useRedisServer();

/** Stockwire as simulated, with every delivery kept in arrival order so the real engine can be fed the same. */
function recordingStockwire(delivered: InventoryEvent[]): SyncSystem {
  const stockwire = new StockwireSystem({
    syncLatencySeconds: 1.5,
    reconcileIntervalSeconds: 900,
    buffer: { kind: 'configured' },
  });
  return {
    name: stockwire.name,
    intendedQuantity: (...input) => stockwire.intendedQuantity(...input),
    start: (market) => stockwire.start(market),
    deliver: (event) => {
      delivered.push(event);
      stockwire.deliver(event);
    },
  };
}

describe('the simulated Stockwire and the real engine', () => {
  it('derive the same channel quantities from the same storm of duplicated, late and lost events', async () => {
    const scenario = findScenario('webhook-storm');
    const lookups = buildCatalogLookups(scenario);
    const delivered: InventoryEvent[] = [];
    const market = new Market(scenario, lookups, recordingStockwire(delivered), 5);
    market.run(scenario.generate(createSeededRandom(5)));
    expect(delivered.length).toBeGreaterThan(1000);

    const positions = new Map<string, Position>();
    applyEvents(positions, delivered);
    const view = { sellableAt: sellableFrom(positions), locations: lookups.locations };
    const simulated = lookups.listings.map(({ channel, sku }) => ({
      channel: channel.id,
      sku: sku.id,
      quantity: channelQuantity(lookups, channel, sku, view, scenario.durationSeconds).quantity,
    }));

    expect(simulated.some((listing) => listing.quantity > 0)).toBe(true);

    const configuration = StockwireConfigurationSchema.parse({
      version: 1,
      locations: scenario.locations,
      skus: scenario.skus,
      connections: {
        wms: { connector: 'file' },
        shopify: { connector: 'shopify' },
        amazon: { connector: 'amazon' },
        'social-shop': { connector: 'file' },
      },
      authority: [{ connections: ['wms', 'shopify', 'amazon', 'social-shop'], states: '*' }],
      channels: scenario.channels,
    });
    const redis = new Redis(server.url);
    try {
      const engine = createEngine({
        redis,
        configuration,
        options: { keyPrefix: `simulator-${process.pid}` },
        now: () => dateAt(scenario.durationSeconds),
      });
      for (let start = 0; start < delivered.length; start += 250) {
        const result = await engine.ingest({ connection: '', events: delivered.slice(start, start + 250) });
        expect(result.rejections).toEqual([]);
      }
      const fromEngine = [];
      for (const sku of scenario.skus) {
        for (const computed of await engine.compute(sku.id)) {
          fromEngine.push({ channel: computed.channel, sku: computed.sku, quantity: computed.quantity });
        }
      }
      const byKey = (left: { channel: string; sku: string }, right: { channel: string; sku: string }) =>
        `${left.channel}/${left.sku}`.localeCompare(`${right.channel}/${right.sku}`);
      expect(fromEngine.sort(byKey)).toEqual(simulated.sort(byKey));
    } finally {
      redis.disconnect();
    }
  });
});
