import { createMemoryConnectorState } from '@stockwire/connector-kit';
import { PermanentItemError, type PushItemV2 } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EbayRevisionBudgetError } from './ebay-revision-budget.ts';
import { createEbaySandbox, type EbaySandbox } from './sandbox/index.ts';
import { sandboxConnector, storeKey, warehouseKey } from './test-support/ebay-test-setup.ts';

let sandbox: EbaySandbox;
beforeAll(async () => {
  sandbox = await createEbaySandbox({ revisionCap: 250 });
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const item = (sku: string, quantity: number, location = 'wh-1'): PushItemV2 => ({
  key: `ebay/${sku}/${location}`,
  channel: 'ebay',
  sku,
  location,
  quantity,
  status: 'in-stock',
});
const bodiesOf = (path: string) =>
  sandbox.exchanges.filter((call) => call.path === path).map((call) => call.json as Record<string, unknown>);

describe('pushing quantities to eBay', () => {
  it('sends quantity only, per merchant location, with the total on the offer; reads a 207 into per-item results', async () => {
    const tee = sandbox.listSku('TEE', { locations: { [warehouseKey]: 1, [storeKey]: 2 } });
    sandbox.listSku('CAP', { locations: { [warehouseKey]: 1 } });
    sandbox.refuseSku('CAP');
    const connector = sandboxConnector(sandbox);
    const result = await connector.push.push({
      idempotencyKey: 'k1',
      items: [item('TEE', 7), item('CAP', 4), item('MUG', 2)],
    });
    expect(result.results.find((entry) => entry.key === 'ebay/TEE/wh-1')).toEqual({
      key: 'ebay/TEE/wh-1',
      outcome: 'written',
      remoteQuantity: 7,
    });
    const cap = result.results.find((entry) => entry.key === 'ebay/CAP/wh-1');
    expect(cap?.outcome === 'failed' && PermanentItemError.isInstance(cap.error)).toBe(true);
    expect(cap?.outcome === 'failed' && cap.error.message).toMatch(/25002 The listing of SKU CAP has ended/);
    // MUG is not on eBay at all (no inventory item): bulkGetInventoryItem's 25701 fails it alone.
    const mug = result.results.find((entry) => entry.key === 'ebay/MUG/wh-1');
    expect(mug?.outcome === 'failed' && mug.error.message).toMatch(/25701/);
    expect(sandbox.exchanges.find((call) => call.path.endsWith('/bulk_update_price_quantity'))?.status).toBe(207);

    const [sent] = bodiesOf('/sell/inventory/v1/bulk_update_price_quantity');
    expect(sent).toEqual({
      requests: [
        {
          sku: 'TEE',
          shipToLocationAvailability: {
            quantity: 9,
            availabilityDistributions: [
              { merchantLocationKey: warehouseKey, quantity: 7 },
              { merchantLocationKey: storeKey, quantity: 2 },
            ],
          },
          offers: [{ offerId: tee.offerId, availableQuantity: 9 }],
        },
        {
          sku: 'CAP',
          shipToLocationAvailability: {
            quantity: 4,
            availabilityDistributions: [{ merchantLocationKey: warehouseKey, quantity: 4 }],
          },
          offers: [{ offerId: expect.any(String), availableQuantity: 4 }],
        },
      ],
    });
    expect(JSON.stringify(sent)).not.toContain('price');
    expect(sandbox.locationQuantity('TEE', warehouseKey)).toBe(7);
    expect(sandbox.availableQuantity('TEE')).toBe(9);
    expect(sandbox.revisions(tee.listingId)).toBe(1);
  });

  it('sends nothing for quantities eBay already shows, so they spend no revision', async () => {
    const tee = sandbox.listSku('TEE', { locations: { [warehouseKey]: 5 } });
    const result = await sandboxConnector(sandbox).push.push({ idempotencyKey: 'k2', items: [item('TEE', 5)] });
    expect(result.results).toEqual([{ key: 'ebay/TEE/wh-1', outcome: 'unchanged', remoteQuantity: 5 }]);
    expect(bodiesOf('/sell/inventory/v1/bulk_update_price_quantity')).toEqual([]);
    expect(sandbox.revisions(tee.listingId)).toBe(0);
  });

  it('counts revisions per listing in the shared state, so a new instance (another process) sees them', async () => {
    const tee = sandbox.listSku('TEE', { locations: { [warehouseKey]: 0 } });
    const state = createMemoryConnectorState();
    for (const quantity of [1, 2, 3]) {
      await sandboxConnector(sandbox, { state }).push.push({
        idempotencyKey: `q${quantity}`,
        items: [item('TEE', quantity)],
      });
    }
    const report = await sandboxConnector(sandbox, { state }).revisionBudget.report();
    expect(report).toMatchObject({ limitPerListing: 250, timeZone: 'America/Los_Angeles' });
    expect(report.listings).toEqual([
      expect.objectContaining({ listingId: tee.listingId, used: 3, remaining: 247, coalescing: false }),
    ]);
    // The offer was looked up once and remembered for the other instances.
    expect(sandbox.exchanges.filter((call) => call.path === '/sell/inventory/v1/offer')).toHaveLength(1);
  });

  it('coalesces changes once a listing has used half its day, but lets a sell-out through', async () => {
    const tee = sandbox.listSku('TEE', { locations: { [warehouseKey]: 0 } });
    const clock = { now: new Date('2026-12-03T12:00:00-08:00').getTime() };
    const now = () => new Date(clock.now);
    const connector = sandboxConnector(sandbox, {
      now,
      settings: { revisionsPerListingPerDay: 20, coalesceAfterRevisions: 2, revisionsReservedForSellOut: 2 },
    });
    await connector.push.push({ idempotencyKey: 'a', items: [item('TEE', 1)] });
    await connector.push.push({ idempotencyKey: 'b', items: [item('TEE', 2)] });
    const held = await connector.push.push({ idempotencyKey: 'c', items: [item('TEE', 3)] });
    const [result] = held.results;
    expect(result?.outcome).toBe('failed');
    const error = result?.outcome === 'failed' ? result.error : undefined;
    expect(EbayRevisionBudgetError.isInstance(error)).toBe(true);
    expect(error?.retryable).toBe(true);
    // 12 hours left, 16 spendable revisions: one every 45 minutes.
    expect((error as EbayRevisionBudgetError).retryAfterMs).toBe(45 * 60_000);
    expect(error?.message).toMatch(/coalesced into one every 2700 s/);
    expect(sandbox.locationQuantity('TEE', warehouseKey)).toBe(2);

    const soldOut = await connector.push.push({ idempotencyKey: 'd', items: [item('TEE', 0)] });
    expect(soldOut.results[0]).toMatchObject({ outcome: 'written' });
    clock.now += 45 * 60_000;
    const later = await connector.push.push({ idempotencyKey: 'e', items: [item('TEE', 6)] });
    expect(later.results[0]).toMatchObject({ outcome: 'written', remoteQuantity: 6 });
    const report = await connector.revisionBudget.report();
    expect(report.listings[0]).toMatchObject({ listingId: tee.listingId, used: 4, coalescing: true });
  });

  it('reads eBay’s own refusal at its daily cap (another tool revised too) as retryable', async () => {
    const capped = await createEbaySandbox({ revisionCap: 1 });
    try {
      capped.listSku('TEE', { locations: { [warehouseKey]: 0 } });
      const connector = sandboxConnector(capped);
      await connector.push.push({ idempotencyKey: 'a', items: [item('TEE', 1)] });
      const refused = await connector.push.push({ idempotencyKey: 'b', items: [item('TEE', 2)] });
      const [result] = refused.results;
      expect(result?.outcome === 'failed' && result.error.name).toBe('EbayRevisionBudgetError');
      expect(result?.outcome === 'failed' && result.error.retryable).toBe(true);
      expect(result?.outcome === 'failed' && result.error.message).toMatch(/reached its daily cap/);
    } finally {
      await capped.close();
    }
  });

  it('holds every change back once its own daily budget is spent, sending nothing', async () => {
    sandbox.listSku('TEE', { locations: { [warehouseKey]: 0 } });
    const connector = sandboxConnector(sandbox, {
      settings: { revisionsPerListingPerDay: 1, coalesceAfterRevisions: 1 },
    });
    await connector.push.push({ idempotencyKey: 'a', items: [item('TEE', 1)] });
    const held = await connector.push.push({ idempotencyKey: 'b', items: [item('TEE', 0)] });
    expect(held.results[0]?.outcome === 'failed' && held.results[0].error.message).toMatch(
      /all 1 revisions of today are spent/,
    );
    expect(bodiesOf('/sell/inventory/v1/bulk_update_price_quantity')).toHaveLength(1);
  });

  it('fails an item at a location the connection does not map alone', async () => {
    sandbox.listSku('TEE', { locations: { [warehouseKey]: 0 } });
    const result = await sandboxConnector(sandbox).push.push({
      idempotencyKey: 'loc',
      items: [item('TEE', 3), item('TEE', 3, 'nowhere')],
    });
    expect(result.results.map((entry) => [entry.key, entry.outcome])).toEqual([
      ['ebay/TEE/nowhere', 'failed'],
      ['ebay/TEE/wh-1', 'written'],
    ]);
  });
});

describe('a seller without merchant locations (shipToHomeLocation)', () => {
  it('reads the offer’s availableQuantity and writes the ship-to-home total, with no distributions', async () => {
    const tee = sandbox.listSku('TEE', { quantity: 6 });
    const offer = sandbox.state.offers.get(tee.offerId);
    if (offer !== undefined) offer.availableQuantity = 4;
    const connector = sandboxConnector(sandbox, { settings: { shipToHomeLocation: warehouseKey } });
    const page = await connector.snapshot.read({});
    expect(page.records).toEqual([
      expect.objectContaining({ sku: 'TEE', location: 'wh-1', quantities: { available: 4 } }),
    ]);
    const result = await connector.push.push({ idempotencyKey: 'home', items: [item('TEE', 9)] });
    expect(result.results).toEqual([{ key: 'ebay/TEE/wh-1', outcome: 'written', remoteQuantity: 9 }]);
    expect(bodiesOf('/sell/inventory/v1/bulk_update_price_quantity')).toEqual([
      {
        requests: [
          {
            sku: 'TEE',
            shipToLocationAvailability: { quantity: 9 },
            offers: [{ offerId: tee.offerId, availableQuantity: 9 }],
          },
        ],
      },
    ]);
    const again = await connector.push.push({ idempotencyKey: 'home-2', items: [item('TEE', 9)] });
    expect(again.results[0]?.outcome).toBe('unchanged');
  });
});
