import { createConnectionMapping } from '@stockwire/connector-kit';
import type { RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector, type ShopifyConnector } from './shopify-connector.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  secretVariable,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox?.close());

function connector(snapshotMode: 'paged' | 'bulk'): ShopifyConnector {
  return createShopifyConnector(
    {
      ...sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }),
      snapshotMode,
    },
    {
      mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
      environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
    },
  );
}

async function wholeSnapshot(shopify: ShopifyConnector): Promise<RemoteInventoryRecordV2[]> {
  const records: RemoteInventoryRecordV2[] = [];
  let cursor: string | undefined;
  do {
    const page = await shopify.snapshot.read(cursor === undefined ? {} : { cursor });
    records.push(...page.records);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
}

describe.each(['paged', 'bulk'] as const)("a %s snapshot's observation times (#13.5)", (snapshotMode) => {
  it("are each level's updatedAt in Shopify, not the time we read it", async () => {
    sandbox.reset();
    const itemId = sandbox.addInventoryItem('REMOTE-BLACK');
    // Edited in the Shopify admin an hour before this test reads it.
    const editedAt = new Date(Date.now() - 3_600_000).toISOString();
    sandbox.setLevel(itemId, north, { available: 7, on_hand: 7 }, { updatedAt: editedAt });
    const readFrom = Date.now();
    const [record] = await wholeSnapshot(connector(snapshotMode));
    expect(record).toMatchObject({ sku: 'SKU-BLACK', location: 'wh-north', observedAt: editedAt });
    expect(Date.parse(record?.observedAt ?? '')).toBeLessThan(readFrom);
  });

  it('move on when our push changes the level, so a level read before it stays the older observation', async () => {
    sandbox.reset();
    const itemId = sandbox.addInventoryItem('REMOTE-BLACK');
    sandbox.setLevel(itemId, north, { available: 7, on_hand: 7 }, { updatedAt: '2026-01-05T09:00:00.000Z' });
    const shopify = connector(snapshotMode);
    const [before] = await wholeSnapshot(shopify);
    const pushed = await shopify.push.push({
      idempotencyKey: `observed-at-${snapshotMode}`,
      items: [
        {
          key: 'web/SKU-BLACK',
          channel: 'web',
          sku: 'SKU-BLACK',
          location: 'wh-north',
          quantity: 3,
          status: 'in-stock',
        },
      ],
    });
    expect(pushed.results.map((result) => result.outcome)).toEqual(['written']);
    const [after] = await wholeSnapshot(shopify);
    expect(before?.observedAt).toBe('2026-01-05T09:00:00.000Z');
    expect(after?.quantities.available).toBe(3);
    expect(Date.parse(after?.observedAt ?? '')).toBeGreaterThan(Date.parse(before?.observedAt ?? ''));
  });
});
