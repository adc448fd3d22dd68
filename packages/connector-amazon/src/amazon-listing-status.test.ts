import type { PushItemV2 } from '@stockwire/connector-spec';
import { type ListingStatus, listingStatuses } from '@stockwire/model';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amazonConnectorCapabilities } from './amazon-connector.ts';
import { createMemoryFeedLedger } from './amazon-feed-ledger.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import {
  manySkuConfiguration,
  mappingOf,
  marketplaces,
  sandboxConnector,
  skuName,
} from './test-support/amazon-test-setup.ts';

const connection = 'amazon-status';
const mapping = mappingOf(manySkuConfiguration(connection, 30), connection);
let sandbox: AmazonSandbox;

const item = (index: number, quantity: number, status: ListingStatus, expectedRemote?: number): PushItemV2 => ({
  key: `amazon/${skuName(index)}`,
  channel: 'amazon',
  sku: skuName(index),
  location: 'amazon-us',
  quantity,
  status,
  ...(expectedRemote === undefined ? {} : { expectedRemote }),
});

/** The fulfillment_availability entry of each patchListingsItem sent, by SKU. */
function patchedAvailability(): Map<string, unknown> {
  const sent = new Map<string, unknown>();
  for (const call of sandbox.spApiCalls()) {
    if (call.method !== 'PATCH') continue;
    const sku = decodeURIComponent(/\/items\/[^/]+\/([^/?]+)/.exec(call.path)?.[1] ?? '');
    const body = call.json as { patches: { value: unknown[] }[] };
    sent.set(sku, body.patches[0]?.value[0]);
  }
  return sent;
}

beforeAll(async () => {
  sandbox = await createAmazonSandbox({ enforceRateLimits: false, feedQueueMs: 0, feedProcessingMs: 0 });
});
beforeEach(() => {
  sandbox.reset();
  for (let index = 0; index < 30; index++) sandbox.setListing(marketplaces.us, skuName(index), 0);
});
afterAll(async () => await sandbox.close());

describe('listing statuses on Amazon', () => {
  it('declares every status the model knows, each expressed in the offer’s fulfillment_availability', () => {
    expect([...amazonConnectorCapabilities.push.listingStatuses].sort()).toEqual([...listingStatuses].sort());
  });

  it('patches each status as Amazon can show it: lead times for backorder and preorder, 0 for withdrawn offers', async () => {
    const connector = sandboxConnector(sandbox, mapping, { backorderLeadTimeDays: 12, preorderLeadTimeDays: 25 });
    const { results } = await connector.push.push({
      items: [
        item(0, 7, 'in-stock'),
        item(1, 0, 'out-of-stock'),
        item(2, 5, 'backorder'),
        item(3, 9, 'preorder'),
        item(4, 0, 'disabled'),
        // A withdrawn offer goes to 0 even if an item claimed units: Amazon would keep selling them otherwise.
        item(5, 3, 'discontinued'),
      ],
      idempotencyKey: 'statuses',
    });
    const byKey = new Map(
      results.map((result) => [result.key, [result.outcome, 'remoteQuantity' in result ? result.remoteQuantity : -1]]),
    );
    expect([0, 1, 2, 3, 4, 5].map((index) => byKey.get(`amazon/${skuName(index)}`))).toEqual([
      ['written', 7],
      // The offer shows 0 already: nothing to send.
      ['unchanged', 0],
      ['written', 5],
      ['written', 9],
      ['unchanged', 0],
      ['unchanged', 0],
    ]);
    const sent = patchedAvailability();
    expect(sent.get(skuName(0))).toEqual({ fulfillment_channel_code: 'DEFAULT', quantity: 7 });
    expect(sent.get(skuName(2))).toEqual({
      fulfillment_channel_code: 'DEFAULT',
      quantity: 5,
      lead_time_to_ship_max_days: 12,
    });
    expect(sent.get(skuName(3))).toEqual({
      fulfillment_channel_code: 'DEFAULT',
      quantity: 9,
      lead_time_to_ship_max_days: 25,
    });
    expect(sent.has(skuName(5))).toBe(false);
    expect(sandbox.listing(marketplaces.us, skuName(2))).toMatchObject({ quantity: 5, leadTimeToShipMaxDays: 12 });
  });

  it('withdraws a discontinued offer that still shows units by setting it to 0', async () => {
    sandbox.setListing(marketplaces.us, skuName(6), 4);
    const connector = sandboxConnector(sandbox, mapping);
    const { results } = await connector.push.push({ items: [item(6, 4, 'discontinued')], idempotencyKey: 'gone' });
    expect(results).toEqual([{ key: item(6, 0, 'discontinued').key, outcome: 'written', remoteQuantity: 0 }]);
    expect(patchedAvailability().get(skuName(6))).toEqual({ fulfillment_channel_code: 'DEFAULT', quantity: 0 });
  });

  it('sends a backorder whose quantity Amazon already shows (the lead time is not in what Amazon reads back)', async () => {
    sandbox.setListing(marketplaces.us, skuName(8), 5);
    const connector = sandboxConnector(sandbox, mapping);
    const { results } = await connector.push.push({ items: [item(8, 5, 'backorder', 5)], idempotencyKey: 'lead' });
    expect(results[0]).toMatchObject({ outcome: 'written', remoteQuantity: 5 });
    expect(sandbox.listing(marketplaces.us, skuName(8))).toMatchObject({ quantity: 5, leadTimeToShipMaxDays: 14 });
    // Back in stock: the replaced attribute drops the lead time, so Amazon's default handling time applies again.
    await connector.push.push({ items: [item(8, 6, 'in-stock')], idempotencyKey: 'back' });
    expect(sandbox.listing(marketplaces.us, skuName(8))).toMatchObject({
      quantity: 6,
      leadTimeToShipMaxDays: undefined,
    });
  });

  it('carries the lead times in a JSON_LISTINGS_FEED too', async () => {
    const connector = sandboxConnector(
      sandbox,
      mapping,
      { feedThreshold: 2 },
      { feedLedger: createMemoryFeedLedger() },
    );
    await connector.push.push({
      items: [item(10, 2, 'backorder'), item(11, 3, 'preorder'), item(12, 4, 'in-stock')],
      idempotencyKey: 'feed',
    });
    const upload = sandbox.answers.find((answer) => answer.request.method === 'PUT');
    const document = JSON.parse(upload?.request.bodyText ?? '{}') as {
      messages: { sku: string; patches: { value: unknown[] }[] }[];
    };
    expect(document.messages.map((message) => message.patches[0]?.value[0])).toEqual([
      { fulfillment_channel_code: 'DEFAULT', quantity: 2, lead_time_to_ship_max_days: 14 },
      { fulfillment_channel_code: 'DEFAULT', quantity: 3, lead_time_to_ship_max_days: 30 },
      { fulfillment_channel_code: 'DEFAULT', quantity: 4 },
    ]);
  });
});
