import { applyEvents, type InventoryEvent, type Position } from '@stockwire/model';
import { describe, expect, it } from 'vitest';
import { buildCatalogLookups, channelQuantity, listingKey, sellableFrom } from './catalog-lookups.ts';
import { type ApiCall, Market } from './market.ts';
import { runSimulation } from './run-simulation.ts';
import type { RateLimitStorm } from './scenario.ts';
import { rateLimitStorm } from './scenarios/rate-limit-storm.ts';
import { createSeededRandom } from './seeded-random.ts';
import type { MarketAccess, SyncSystem } from './sync-system.ts';
import type { SystemReport } from './system-report.ts';
import { NaiveSyncSystem } from './systems/naive-sync-system.ts';
import { PeriodicSyncSystem } from './systems/periodic-sync-system.ts';
import { maximumBackoffSeconds, StockwireSystem } from './systems/stockwire-system.ts';

const seed = 1;
const syncLatencySeconds = 1.5;
const periodicIntervalSeconds = 900;
const lookups = buildCatalogLookups(rateLimitStorm);
const world = rateLimitStorm.generate(createSeededRandom(seed));
const storm = world.rateLimitStorms?.[0] as RateLimitStorm;
const [, maximumDeliveryDelay] = rateLimitStorm.faults.delaySeconds;
const stormedListings = lookups.listings.filter(({ channel }) => channel.connection === storm.connection);

function runMarket(system: SyncSystem): Market {
  const market = new Market(rateLimitStorm, lookups, system, seed);
  market.run(world);
  return market;
}

function scored(report: ReturnType<typeof runSimulation>, name: string): SystemReport {
  const found = report.systems.find((candidate) => candidate.system === name);
  if (found === undefined) throw new Error(`no system ${name} in the report`);
  return found;
}

const callsTo = (market: Market, connection: string) => market.calls.filter((call) => call.connection === connection);
const inStorm = (call: ApiCall) => call.at >= storm.from && call.at < storm.until;

const stockwireOptions = { syncLatencySeconds, reconcileIntervalSeconds: 900, buffer: { kind: 'configured' } } as const;

/**
 * Stockwire as simulated, with every event it received (deliveries and reconciliation snapshots) kept with the
 * second it arrived, so a test can recompute with the model what Stockwire knew at any moment.
 */
function recordingStockwire(received: Array<{ at: number; event: InventoryEvent }>): SyncSystem {
  const stockwire = new StockwireSystem(stockwireOptions);
  let now = () => 0;
  return {
    name: stockwire.name,
    intendedQuantity: (...input) => stockwire.intendedQuantity(...input),
    start(market) {
      now = () => market.clock.now;
      const recording: MarketAccess = {
        clock: market.clock,
        scenario: market.scenario,
        lookups: market.lookups,
        publish: (connection, quantities) => market.publish(connection, quantities),
        observeShown: (channel, sku) => market.observeShown(channel, sku),
        trueSellable: (channel, sku) => market.trueSellable(channel, sku),
        authoritySnapshot() {
          const events = market.authoritySnapshot();
          for (const event of events) received.push({ at: now(), event });
          return events;
        },
      };
      stockwire.start(recording);
    },
    deliver(event) {
      received.push({ at: now(), event });
      stockwire.deliver(event);
    },
  };
}

describe('rate-limit-storm', () => {
  const report = runSimulation({ scenario: 'rate-limit-storm', seed });
  const stockwire = scored(report, 'stockwire');
  const periodic = scored(report, `periodic sync every ${periodicIntervalSeconds / 60} min`);
  const naive = scored(report, 'naive real-time sync');

  it('gives the same report for the same seed, and another storm for another seed', () => {
    expect(JSON.parse(JSON.stringify(runSimulation({ scenario: 'rate-limit-storm', seed })))).toEqual(report);
    const stormOf = (other: number) => rateLimitStorm.generate(createSeededRandom(other)).rateLimitStorms;
    expect(stormOf(seed)).toEqual(world.rateLimitStorms);
    expect(stormOf(seed + 1)).not.toEqual(world.rateLimitStorms);
    expect(storm.until - storm.from).toBeGreaterThanOrEqual(300);
    expect(storm.until).toBeLessThan(rateLimitStorm.durationSeconds);
  });

  it('Stockwire oversells fewer units than the naive sync and no more than the periodic one', () => {
    expect(stockwire.orders.unitsSold).toBeGreaterThan(0);
    expect(stockwire.orders.unitsOversold).toBeLessThan(naive.orders.unitsOversold);
    expect(stockwire.orders.unitsOversold).toBeLessThanOrEqual(periodic.orders.unitsOversold);
  });

  it('counts refused calls among the calls made, and only taken calls carry updates', () => {
    expect(stockwire.apiCalls.refused).toBeGreaterThan(0);
    expect(naive.apiCalls.refused).toBeGreaterThan(0);
    for (const system of report.systems) {
      expect(system.apiCalls.made - system.apiCalls.refused).toBeGreaterThanOrEqual(system.apiCalls.minimum);
    }
    const market = runMarket(new NaiveSyncSystem(syncLatencySeconds));
    expect(market.apiCalls).toBe(market.calls.length);
    expect(market.refusedApiCalls).toBe(market.calls.filter((call) => !call.accepted).length);
  });

  it('refuses every call to the stormed connection during the storm, and no other call', () => {
    const market = runMarket(new StockwireSystem(stockwireOptions));
    const stormed = callsTo(market, storm.connection);
    expect(stormed.some(inStorm)).toBe(true);
    for (const call of market.calls) {
      expect(call.accepted).toBe(!(call.connection === storm.connection && inStorm(call)));
    }
  });

  describe('Stockwire', () => {
    const received: Array<{ at: number; event: InventoryEvent }> = [];
    const market = runMarket(recordingStockwire(received));
    const stormed = callsTo(market, storm.connection);
    const refused = stormed.filter((call) => !call.accepted);
    const recoveredAt = stormed.find((call) => call.accepted && call.at >= storm.until)?.at ?? Number.NaN;
    const recovery = stormed.filter((call) => call.at === recoveredAt);

    it('backs off: waits the Retry-After between refused calls instead of hammering the API', () => {
      expect(refused.length).toBeGreaterThan(1);
      for (let index = 1; index < refused.length; index++) {
        const gap = (refused[index] as ApiCall).at - (refused[index - 1] as ApiCall).at;
        // Simulated seconds are floats: a wait of exactly Retry-After can come out a hair short when subtracted.
        expect(gap).toBeGreaterThanOrEqual(storm.retryAfterSeconds - 1e-6);
      }
    });

    it('once the API recovers, sends the current values in as few calls as the batch size allows', () => {
      // The runner's wait grows with each refusal in a row, up to its maximum: the first try after the storm comes
      // within one such wait.
      expect(recoveredAt - storm.until).toBeLessThanOrEqual(maximumBackoffSeconds);
      const items = recovery.flatMap((call) => call.quantities);
      const batchSize = rateLimitStorm.batchSizes[storm.connection] ?? 1;
      expect(recovery).toHaveLength(Math.ceil(items.length / batchSize));
      // What Stockwire knew when the API came back, recomputed here with the model from what it had received.
      const known = new Map<string, Position>();
      applyEvents(
        known,
        received.filter((entry) => entry.at <= recoveredAt).map((entry) => entry.event),
      );
      const view = { sellableAt: sellableFrom(known), locations: lookups.locations };
      let changedDuringStorm = 0;
      for (const item of items) {
        const channel = lookups.channels.get(item.channel);
        const sku = lookups.skus.get(item.sku);
        if (channel === undefined || sku === undefined) throw new Error(`unknown listing ${item.channel} ${item.sku}`);
        expect(item.quantity).toBe(channelQuantity(lookups, channel, sku, view, recoveredAt).quantity);
        const firstRefused = refused
          .flatMap((call) => call.quantities)
          .find((other) => other.channel === item.channel && other.sku === item.sku);
        if (firstRefused !== undefined && firstRefused.quantity !== item.quantity) changedDuringStorm++;
      }
      // Stock moved during the storm, so re-sending what was refused would have put stale values on the channel.
      expect(changedDuringStorm).toBeGreaterThan(0);
    });

    it('after the storm every listing on the channel converges to what Stockwire means it to show', () => {
      const deadline = storm.until + maximumBackoffSeconds + maximumDeliveryDelay + syncLatencySeconds;
      for (const { channel, sku } of stormedListings) {
        const timeline = market.timelines.get(listingKey(channel.id, sku.id)) ?? [];
        const converged = timeline.find((point) => point.at >= storm.until && point.shown === point.target);
        expect(converged?.at, `${channel.id} ${sku.id}`).toBeLessThanOrEqual(deadline);
      }
    });
  });

  it('the periodic sync loses the cycles that fall in the storm and waits for the next', () => {
    const market = runMarket(new PeriodicSyncSystem(periodicIntervalSeconds));
    const stormed = callsTo(market, storm.connection);
    const cyclesInStorm = stormed.filter((call) => inStorm(call)).map((call) => call.at);
    const expectedCycles: number[] = [];
    for (let at = 0; at < rateLimitStorm.durationSeconds; at += periodicIntervalSeconds) {
      if (at >= storm.from && at < storm.until) expectedCycles.push(at);
    }
    expect(cyclesInStorm).toEqual(expectedCycles);
    // No retry: every call is made on a cycle.
    for (const call of stormed) expect(call.at % periodicIntervalSeconds).toBe(0);
  });

  it('the naive sync drops the updates refused during the storm instead of retrying them', () => {
    const market = runMarket(new NaiveSyncSystem(syncLatencySeconds));
    const stormed = callsTo(market, storm.connection);
    expect(stormed.filter((call) => !call.accepted).length).toBeGreaterThan(0);
    // It pushes one call per channel per change, so a retry would show as extra calls to the stormed connection.
    for (const other of new Set(rateLimitStorm.channels.map((channel) => channel.connection))) {
      expect(callsTo(market, other)).toHaveLength(stormed.length);
    }
  });
});
