import { createConnectionMapping } from '@stockwire/connector-kit';
import { type RemoteInventoryRecordV2, TransientError } from '@stockwire/connector-spec';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyBulkSnapshot } from './shopify-bulk-snapshot.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import { ShopifyBulkOperationPendingError } from './shopify-errors.ts';
import { createShopifyGraphql } from './shopify-graphql.ts';
import { parseShopifySettings } from './shopify-settings.ts';
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
        // A page: at most 2 × (2 + 1) lines of the file, an item's line and its two levels, twice.
        pageSize: 2,
        levelsPerItem: 2,
      },
      {
        mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
        environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
      },
    );

    const started = await connector.snapshot?.read({});
    expect(started).toEqual({ records: [], failures: [], nextCursor: 'bulk-lines:gid://shopify/BulkOperation/1:0' });
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

    expect(cursors).toEqual(['bulk-lines:gid://shopify/BulkOperation/1:6', undefined]);
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

  it('streams the file: a page reads about a page of its bytes, and a reader started anew resumes at the cursor', async () => {
    sandbox.reset();
    const itemCount = 6_000;
    const configuration = StockwireConfigurationSchema.parse({
      version: 1,
      locations: [
        { id: 'north', kind: 'warehouse' },
        { id: 'south', kind: 'warehouse' },
      ],
      skus: Array.from({ length: itemCount }, (_, index) => ({ id: `BULK-${index}` })),
      connections: {
        erp: { connector: 'file' },
        store: { connector: 'shopify', locations: { [north]: 'north', [south]: 'south' } },
      },
      authority: [{ connections: ['erp'], states: '*' }],
      channels: [{ id: 'web', connection: 'store', locations: ['north', 'south'] }],
    });
    for (let index = 0; index < itemCount; index++) {
      const item = sandbox.addInventoryItem(`BULK-${index}`);
      sandbox.setLevel(item, north, { available: index % 7, on_hand: index % 7 });
      sandbox.setLevel(item, south, { available: index % 5, on_hand: index % 5 });
    }
    const settings = parseShopifySettings(
      { ...sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }), pageSize: 10 },
      'store',
    );
    const environment = { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey };
    // Each download counts the bytes its reader has pulled from the body so far.
    const pulled: number[] = [];
    const readerOf = () =>
      createShopifyBulkSnapshot({
        graphql: createShopifyGraphql({ settings, connection: 'store', environment }),
        mapping: createConnectionMapping(buildCatalog(configuration), 'store'),
        pageSize: 10,
        levelsPerItem: 2,
        now: () => new Date(),
        readTimeoutMs: 5_000,
        download: async (url, signal) => {
          const response = await fetch(url, { signal });
          const download = pulled.push(0) - 1;
          const counted = response.body?.pipeThrough(
            new TransformStream<Uint8Array, Uint8Array>({
              transform(chunk, controller) {
                pulled[download] = (pulled[download] ?? 0) + chunk.byteLength;
                controller.enqueue(chunk);
              },
            }),
          );
          return new Response(counted, { status: response.status, headers: response.headers });
        },
      });
    const shown = (records: readonly RemoteInventoryRecordV2[]) =>
      records.map(({ sku, location, quantities }) => `${sku} ${location} ${quantities.available}`);

    const read = readerOf();
    const started = await read({});
    const first = await read({ cursor: started.nextCursor });
    const fileBytes = sandbox.state.bulkOperations.get('gid://shopify/BulkOperation/1')?.jsonLines.byteLength ?? 0;
    // 30 lines (10 items and their levels' worth) of the file's 18,000: the sandbox writes ungrouped, as Shopify
    // does, every item's line first, which carry no quantities. The download has given about that much, not the file.
    expect(first.nextCursor).toBe('bulk-lines:gid://shopify/BulkOperation/1:30');
    expect(first.records).toEqual([]);
    expect(fileBytes).toBeGreaterThan(3_000_000);
    expect(pulled).toHaveLength(1);
    expect(pulled[0]).toBeLessThan(fileBytes / 10);

    // On to the first levels, each a whole record by itself though its item's line is thousands of lines back.
    let cursor = first.nextCursor;
    let page = first;
    while (page.records.length === 0 && cursor !== undefined) {
      const before = cursor;
      page = await read({ cursor });
      cursor = page.nextCursor;
      if (page.records.length > 0) cursor = before;
    }
    expect(cursor).toBe(`bulk-lines:gid://shopify/BulkOperation/1:${itemCount}`);
    expect(shown(page.records).slice(0, 3)).toEqual(['BULK-0 north 0', 'BULK-0 south 0', 'BULK-1 north 1']);
    expect(page.records).toHaveLength(30);
    expect(pulled).toHaveLength(1);

    // After a restart, a new reader downloads the file again, skips the lines before the cursor, and reads the
    // same page.
    const resumed = await readerOf()({ cursor });
    expect(shown(resumed.records)).toEqual(shown(page.records));
    expect(resumed.nextCursor).toBe(page.nextCursor);
    expect(pulled).toHaveLength(2);

    // The same reader asked for an earlier cursor too (a resumed run beside this one) opens a second download and
    // leaves the first where it was.
    const again = await read({ cursor: first.nextCursor });
    expect(again.nextCursor).toBe('bulk-lines:gid://shopify/BulkOperation/1:60');
    expect(pulled).toHaveLength(3);

    // The first reader goes on on its one download to the end of the file, which it has then read exactly once.
    let records = page.records.length;
    cursor = page.nextCursor;
    while (cursor !== undefined) {
      const next = await read({ cursor });
      expect(next.failures).toEqual([]);
      records += next.records.length;
      cursor = next.nextCursor;
    }
    expect(records).toBe(itemCount * 2);
    expect(pulled[0]).toBe(fileBytes);
    expect(pulled).toHaveLength(3);
  });

  it('gives up on a download that never answers within requestTimeoutMs, as a retryable error', async () => {
    sandbox.reset();
    sandbox.addLocation(north);
    sandbox.setLevel(sandbox.addInventoryItem('SKU-RED'), north, { available: 3, on_hand: 3 });
    const connector = createShopifyConnector(
      {
        ...sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }),
        snapshotMode: 'bulk',
        requestTimeoutMs: 300,
      },
      {
        mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
        environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
      },
    );
    const started = await connector.snapshot.read({});
    sandbox.server.faults.hangNext(1, { when: (request) => request.path.startsWith('/bulk-results/') });
    const failed = await connector.snapshot.read({ cursor: started.nextCursor }).catch((error: unknown) => error);
    expect(TransientError.isInstance(failed)).toBe(true);
    expect((failed as TransientError).retryable).toBe(true);
    expect((failed as TransientError).message).toContain('no page within 300 ms');
    sandbox.server.faults.clear();

    // Asked again at the same cursor, it downloads the file anew and reads it.
    const page = await connector.snapshot.read({ cursor: started.nextCursor });
    expect(page.records.map(({ sku, quantities }) => `${sku} ${quantities.available}`)).toEqual(['SKU-RED 3']);
    expect(page.nextCursor).toBeUndefined();
  });
});
