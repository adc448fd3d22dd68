import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import {
  manySkuConfiguration,
  mappingOf,
  marketplaces,
  sandboxConnector,
  skuName,
} from './test-support/amazon-test-setup.ts';

const connection = 'amazon-fba';
const mapping = mappingOf(manySkuConfiguration(connection, 5), connection);
let sandbox: AmazonSandbox;

const summary = (sellerSku: string, fulfillableQuantity: number) => ({
  asin: 'B071VG5N9D',
  fnSku: 'X0000ABCDE',
  sellerSku,
  condition: 'NewItem',
  inventoryDetails: { fulfillableQuantity, reservedQuantity: { totalReservedQuantity: 2 } },
  lastUpdatedTime: '2026-11-24T11:00:00Z',
  productName: 'Hardside Carry-On Spinner Suitcase',
  totalQuantity: fulfillableQuantity + 2,
});

beforeAll(async () => {
  // getInventorySummaries allows a burst of 2: three pages in a row would be throttled, which is not the point here.
  sandbox = await createAmazonSandbox({ inventoryPageSize: 2, enforceRateLimits: false });
  sandbox.setInventory(marketplaces.us, [summary(skuName(0), 7), summary(skuName(1), 0), summary(skuName(2), 3)]);
  sandbox.setInventory(marketplaces.ca, [summary(skuName(0), 5)]);
});
afterAll(async () => await sandbox.close());

describe('reading FBA stock with getInventorySummaries', () => {
  it('reads fulfillable units per marketplace, page by page with Amazon’s token, as a read-only location', async () => {
    const connector = sandboxConnector(sandbox, mapping);
    const records = [];
    let cursor: string | undefined;
    do {
      const page = await connector.snapshot.read({ cursor });
      expect(page.failures).toEqual([]);
      records.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    expect(records.map((record) => [record.sku, record.location, record.quantities.available])).toEqual([
      [skuName(0), 'amazon-us', 7],
      [skuName(1), 'amazon-us', 0],
      [skuName(2), 'amazon-us', 3],
      [skuName(0), 'amazon-ca', 5],
    ]);
    // Two units reserved beside the fulfillable ones: on hand counts both, reserved holds the two back.
    expect(records[0]?.quantities).toMatchObject({ onHand: 9, reserved: 2, available: 7 });
    expect(records[0]?.observedAt).toBe('2026-11-24T11:00:00.000Z');
    const queries = sandbox.spApiCalls().map((call) => call.query);
    expect(queries).toHaveLength(3);
    expect(queries[0]).toEqual({
      details: 'true',
      granularityType: 'Marketplace',
      granularityId: marketplaces.us,
      marketplaceIds: marketplaces.us,
    });
    expect(queries[1]?.nextToken).toEqual(expect.any(String));
    expect(queries[2]).toMatchObject({ granularityId: marketplaces.ca, marketplaceIds: marketplaces.ca });
    expect(queries[2]?.nextToken).toBeUndefined();
    expect(sandbox.spApiCalls().every((call) => call.method === 'GET')).toBe(true);
  });
});
