import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSquareSandbox, type SquareSandbox } from './sandbox/index.ts';
import { north, sandboxConnector, south, vendorSku } from './square-conformance-harness.test-helpers.ts';
import { loadSquareContract, type SquareContractCheck } from './test-support/square-openapi-contract.ts';

const specs = locateVendorSpecs();
const subset = () => vendorSpecPath(specs.folder ?? '', 'square', 'api.json');

describe.skipIf(specs.folder === undefined)(
  `every request the connector sends and every sandbox answer against Square's OpenAPI${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    let sandbox: SquareSandbox;
    const checks: SquareContractCheck[] = [];

    beforeAll(async () => {
      sandbox = await createSquareSandbox();
      sandbox.addLocation(north);
      sandbox.addLocation(south);
      const red = sandbox.addVariation(vendorSku('SKU-RED'));
      for (const sku of ['SKU-GREEN', 'SKU-BLUE', 'SKU-BLACK']) sandbox.addVariation(vendorSku(sku));
      sandbox.setCount(red, north, 'IN_STOCK', '3');
      sandbox.setCount(red, north, 'RESERVED_FOR_SALE', '1');
      const connector = sandboxConnector(sandbox);
      // One of each exchange: a paged snapshot, a push (read, write, a refused change), the changes feed, a 429.
      let cursor: string | undefined;
      do cursor = (await connector.snapshot?.read({ cursor }))?.nextCursor;
      while (cursor !== undefined);
      const item = (sku: string, quantity: number) => ({
        key: sku,
        channel: 'web',
        sku,
        location: 'wh-north',
        quantity,
        status: 'in-stock' as const,
      });
      await connector.push?.push({ idempotencyKey: 'contract-1', items: [item('SKU-RED', 5), item('SKU-GREEN', 2)] });
      const baseline = await connector.changes?.pull({});
      sandbox.adjust({ variationId: red, locationId: north, from: 'IN_STOCK', to: 'SOLD', quantity: '1' });
      await connector.changes?.pull({ cursor: baseline?.cursor, limit: 1 });
      sandbox.rateLimitNext(1, 2);
      await expect(connector.changes?.pull({ cursor: baseline?.cursor })).rejects.toThrow(/rate-limited/);
      // An order webhook: the connector reads the order it names.
      const order = sandbox.addPickupOrder({
        locationId: north,
        lines: [{ variationId: red, quantity: '1' }],
        paid: true,
      });
      const orderWebhook = sandbox.webhook(sandbox.orderEvent('order.created', order));
      await connector.webhooks?.verify(orderWebhook);
      expect((await connector.webhooks?.parse(orderWebhook))?.events).toHaveLength(2);
      // A request the sandbox refuses as Square would: its error answer must still be Square's shape.
      await fetch(`${sandbox.baseUrl}/v2/inventory/changes/batch-create`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sandbox.accessToken}`,
          'content-type': 'application/json',
          'square-version': '2025-08-20',
        },
        body: JSON.stringify({ idempotency_key: 'x', changes: [{ type: 'PHYSICAL_COUNT', physical_count: {} }] }),
      });
      const contract = loadSquareContract(subset());
      for (const answer of sandbox.answers) {
        const check = contract.check(answer.request, answer.response);
        if (check !== undefined) checks.push(check);
      }
    });
    afterAll(async () => await sandbox?.close());

    it('covers every Square operation the connector calls, and every answer was checked', () => {
      expect(new Set(checks.map((check) => check.operationId))).toEqual(
        new Set([
          'SearchCatalogObjects',
          'BatchRetrieveInventoryCounts',
          'BatchChangeInventory',
          'BatchRetrieveInventoryChanges',
          'BatchRetrieveOrders',
        ]),
      );
      expect(checks).toHaveLength(sandbox.answers.length);
      expect(sandbox.server.calls.filter((call) => call.fault === 'rate-limited')).toHaveLength(1);
    });

    it('sends bodies and headers the document declares, and the sandbox answers as it says', () => {
      expect(checks.filter((check) => check.problems.length > 0)).toEqual([]);
    });

    it("pins the schemas Square's document refers to but does not define (they accept anything)", () => {
      expect(loadSquareContract(subset()).danglingReferences).toEqual(['CatalogModifierToggleOverrideType']);
    });

    it('would catch an invented field, a read-only field, a wrong type and a missing header (not vacuous)', () => {
      const contract = loadSquareContract(subset());
      const check = contract.check(
        {
          method: 'POST',
          path: '/v2/inventory/changes/batch-create',
          query: {},
          headers: { authorization: 'Bearer t' },
          bodyText: '',
          json: {
            idempotency_key: 'k',
            changes: [{ type: 'PHYSICAL_COUNT', physical_count: { quantity: 5, created_at: 'x', sku: 'A' } }],
          },
        },
        { status: 200, body: { counts: [{ quantity: 3 }] } },
      );
      const problems = check?.problems.join('\n') ?? '';
      expect(problems).toMatch(/no Square-Version header/);
      expect(problems).toMatch(/physical_count\/quantity must be string/);
      expect(problems).toMatch(/must NOT have additional properties/);
      expect(problems).toMatch(/physical_count\.created_at is read-only/);
      expect(problems).toMatch(/answer 200\/counts\/0\/quantity must be string/);
    });
  },
);
