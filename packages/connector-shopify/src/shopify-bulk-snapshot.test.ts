import { createConnectionMapping } from '@stockwire/connector-kit';
import type { RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import { ShopifyBulkOperationPendingError } from './shopify-errors.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  secretVariable,
  south,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox?.close());

describe('a snapshot through a Shopify bulk operation', () => {
  it('starts the operation, says when to ask again while it runs, then reads its JSON Lines page by page', async () => {
    sandbox.addLocation(north);
    sandbox.addLocation(south);
    for (const [index, sku] of ['SKU-RED', 'SKU-GREEN', 'REMOTE-BLACK'].entries()) {
      const item = sandbox.addInventoryItem(sku);
      sandbox.setLevel(item, north, { available: index, on_hand: index + 10 });
      sandbox.setLevel(item, south, { available: index + 1, on_hand: index + 11 });
    }
    sandbox.state.bulkPollsBeforeCompletion = 1;
    const connector = createShopifyConnector(
      {
        shop: sandbox.shop,
        adminApiUrl: sandbox.baseUrl,
        accessToken: { env: tokenVariable },
        apiSecretKey: { env: secretVariable },
        snapshotMode: 'bulk',
        pageSize: 2,
      },
      {
        mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
        environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
      },
    );

    const started = await connector.snapshot?.read({});
    expect(started).toEqual({ records: [], failures: [], nextCursor: 'bulk:gid://shopify/BulkOperation/1:0' });
    const pending = await connector.snapshot?.read({ cursor: started?.nextCursor }).catch((error: unknown) => error);
    expect(ShopifyBulkOperationPendingError.isInstance(pending)).toBe(true);
    expect((pending as ShopifyBulkOperationPendingError).retryable).toBe(true);
    expect((pending as ShopifyBulkOperationPendingError).retryAfterMs).toBe(5_000);

    const records: RemoteInventoryRecordV2[] = [];
    const cursors: (string | undefined)[] = [];
    let cursor = started?.nextCursor;
    while (cursor !== undefined) {
      const page = await connector.snapshot?.read({ cursor });
      expect(page?.failures).toEqual([]);
      records.push(...(page?.records ?? []));
      cursor = page?.nextCursor;
      cursors.push(cursor);
    }

    expect(cursors).toEqual(['bulk:gid://shopify/BulkOperation/1:2', undefined]);
    expect(
      records.map(({ sku, location, quantities }) => `${sku} ${location} ${quantities.available}/${quantities.onHand}`),
    ).toEqual([
      'SKU-RED wh-north 0/10',
      'SKU-RED wh-south 1/11',
      'SKU-GREEN wh-north 1/11',
      'SKU-GREEN wh-south 2/12',
      'SKU-BLACK wh-north 2/12',
      'SKU-BLACK wh-south 3/13',
    ]);
    // What was sent: the bulk query once, one status poll while running and one once done (the file is kept for
    // the following pages), and one download of the file.
    const calls = sandbox.server.calls.map((call) => ({
      path: call.path.replace(/\/admin\/api\/[^/]+\//, '/admin/api/VERSION/'),
      operation: /^\s*\w+\s+(\w+)/.exec(String((call.json as { query?: unknown } | undefined)?.query ?? ''))?.[1],
      token: call.headers['x-shopify-access-token'],
    }));
    expect(calls).toEqual([
      { path: '/admin/api/VERSION/graphql.json', operation: 'BulkInventorySnapshot', token: sandbox.accessToken },
      { path: '/admin/api/VERSION/graphql.json', operation: 'BulkOperationStatus', token: sandbox.accessToken },
      { path: '/admin/api/VERSION/graphql.json', operation: 'BulkOperationStatus', token: sandbox.accessToken },
      { path: '/bulk-results/1.jsonl', operation: undefined, token: undefined },
    ]);
    const bulkQuery = (sandbox.server.calls[0]?.json as { variables?: { query?: string } } | undefined)?.variables
      ?.query;
    expect(bulkQuery).toContain(
      'quantities(names: ["available","on_hand","committed","reserved","damaged","safety_stock","quality_control","incoming"])',
    );
  });
});
