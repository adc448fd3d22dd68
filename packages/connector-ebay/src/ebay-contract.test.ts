import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEbaySandbox, type EbaySandbox } from './sandbox/index.ts';
import { loadEbayContract } from './test-support/ebay-openapi-contract.ts';
import { sandboxConnector, storeKey, warehouseKey } from './test-support/ebay-test-setup.ts';

const specs = locateVendorSpecs();

/** Calls eBay documents outside these two OpenAPI files: OAuth (identity) and the Notification API's public key. */
const outsideTheOpenApi = ['POST /identity/v1/oauth2/token', 'GET /commerce/notification/v1/public_key/{kid}'];

describe.skipIf(specs.folder === undefined)(
  `every request and sandbox answer against eBay's Sell OpenAPI${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    let sandbox: EbaySandbox;
    beforeAll(async () => {
      sandbox = await createEbaySandbox();
    });
    afterAll(async () => await sandbox?.close());

    it('validates snapshots, pushes (200 and 207), orders, a notification, an expired token and a storm', async () => {
      sandbox.listSku('TEE', { locations: { [warehouseKey]: 5, [storeKey]: 1 } });
      sandbox.listSku('EBAY-MUG', { locations: { [warehouseKey]: 2 } });
      sandbox.listSku('CAP', { locations: { [warehouseKey]: 0 } });
      const connector = sandboxConnector(sandbox, { settings: { pageSize: 1, ordersPageSize: 1 } });
      let cursor: string | undefined;
      do cursor = (await connector.snapshot.read({ cursor })).nextCursor;
      while (cursor !== undefined);
      const push = (quantity: number) =>
        connector.push.push({
          idempotencyKey: `contract-${quantity}`,
          items: ['TEE', 'MUG', 'CAP'].map((sku) => ({
            key: sku,
            channel: 'ebay',
            sku,
            location: 'wh-1',
            quantity,
            status: 'in-stock' as const,
          })),
        });
      await push(7);
      sandbox.refuseSku('CAP');
      await push(8);
      const orderId = sandbox.placeOrder({ lines: [{ sku: 'TEE', quantity: 1 }] });
      sandbox.placeOrder({ lines: [{ sku: 'EBAY-MUG', quantity: 1 }] });
      let orders: Parameters<typeof connector.orders.pull>[0]['cursor'];
      for (let poll = 0; poll < 5; poll++) {
        const page = await connector.orders.pull({ cursor: orders });
        orders = page.cursor;
        if (!page.hasMore) break;
      }
      const delivery = sandbox.orderConfirmation(orderId);
      await connector.webhooks.verify(delivery);
      await connector.webhooks.parse(delivery);
      sandbox.expireTokens();
      await connector.snapshot.read({});
      sandbox.storm(3);
      await expect(connector.snapshot.read({})).rejects.toMatchObject({
        name: 'RateLimitedError',
        retryAfterMs: 3_000,
      });
      sandbox.calm();

      const contract = loadEbayContract({
        inventory: vendorSpecPath(specs.folder ?? '', 'ebay', 'sell_inventory_v1_oas3.json'),
        fulfillment: vendorSpecPath(specs.folder ?? '', 'ebay', 'sell_fulfillment_v1_oas3.json'),
      });
      const checks = sandbox.exchanges.map((call) => ({ call, check: contract.check(call) }));
      const undeclared = [
        ...new Set(
          checks
            .filter(({ check }) => check === undefined)
            .map(({ call }) => `${call.method} ${call.path.replace(/public_key\/[^/]+$/, 'public_key/{kid}')}`),
        ),
      ];
      expect(undeclared.sort()).toEqual([...outsideTheOpenApi].sort());
      expect(
        checks.flatMap(({ check }) => check?.problems.map((problem) => `${check.operation}: ${problem}`) ?? []),
      ).toEqual([]);
      const answered = new Set(checks.map(({ call, check }) => `${check?.operation ?? call.path} ${call.status}`));
      for (const expected of [
        'GET /inventory_item 200',
        'POST /bulk_get_inventory_item 200',
        'POST /bulk_update_price_quantity 200',
        'POST /bulk_update_price_quantity 207',
        'GET /offer 200',
        'GET /order 200',
        'GET /order/{orderId} 200',
        'GET /inventory_item 401',
        'GET /inventory_item 429',
      ]) {
        expect(answered).toContain(expected);
      }
      // The calls outside the OpenAPI answer as eBay's pages describe them.
      for (const { call } of checks.filter(({ check }) => check === undefined)) {
        const body = call.response?.body as Record<string, unknown>;
        if (call.path.endsWith('/oauth2/token')) {
          expect(call.headers['content-type']).toBe('application/x-www-form-urlencoded');
          expect(body).toMatchObject({ access_token: expect.any(String), expires_in: 7_200 });
        } else
          expect(body).toEqual({
            key: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----\S+-----END PUBLIC KEY-----$/),
            algorithm: 'ECDSA',
            digest: 'SHA1',
          });
      }
    });
  },
);
