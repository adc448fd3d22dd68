import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipHeroSandbox, type ShipHeroSandbox, shipHeroSandboxSchema } from './sandbox/index.ts';
import { createShipHeroConnector } from './shiphero-connector.ts';
import {
  inventoryChangesDocument,
  inventoryReplaceDocument,
  userQuotaDocument,
  warehouseProductLevelDocument,
  warehouseProductsDocument,
} from './shiphero-documents.ts';
import { signShipHeroWebhook } from './shiphero-webhook-signature.ts';
import { documentProblems, loadShipHeroSchema, subsetProblems } from './test-support/shiphero-schema-contract.ts';
import { connection, primary, secondary, testConfiguration } from './test-support/shiphero-test-configuration.ts';

const specs = locateVendorSpecs();
const mapping = createConnectionMapping(buildCatalog(testConfiguration), connection);
const specFile = (...segments: string[]) => vendorSpecPath(specs.folder ?? '', 'shiphero', ...segments);

describe.skipIf(specs.folder === undefined)(
  `every document against ShipHero's introspected schema${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    let sandbox: ShipHeroSandbox;
    beforeAll(async () => {
      sandbox = await createShipHeroSandbox();
    });
    afterAll(async () => await sandbox?.close());
    const schema = () => loadShipHeroSchema(specFile('shiphero-schema.reconstructed.graphql'));

    it('the sandbox serves a subset of ShipHero’s schema: same types, fields and arguments', () => {
      expect(subsetProblems(shipHeroSandboxSchema(), schema())).toEqual([]);
    });

    it('validates every document the connector sends, over a snapshot, polls, a throttled call, a new token and pushes', async () => {
      sandbox.addWarehouse(76_733);
      sandbox.addWarehouse(76_734);
      sandbox.setLevel('TEE-BLUE-M', primary, { on_hand: 10, allocated: 2, reserve_inventory: 1 });
      sandbox.setLevel('MUG-CASE-6', secondary, { on_hand: 3 });
      sandbox.setLevel('SOCKS-RED', primary, { on_hand: 7 });
      const connector = createShipHeroConnector(
        {
          baseUrl: sandbox.baseUrl,
          authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
          pageSize: 1,
        } as never,
        { mapping, environment: { SHIPHERO_REFRESH_TOKEN: sandbox.refreshToken } },
      );
      let cursor: string | undefined;
      let pages = 0;
      do {
        cursor = (await connector.snapshot?.read({ cursor }))?.nextCursor;
        pages++;
      } while (cursor !== undefined);
      expect(pages).toBe(3);
      await sandbox.adjust('TEE-BLUE-M', primary, 5);
      const polled = await connector.changes?.pull({});
      expect(polled?.events).toMatchObject([{ kind: 'snapshot', sku: 'TEE-BLUE-M', quantities: { onHand: 15 } }]);
      sandbox.expireTokens();
      await connector.changes?.pull({ cursor: polled?.cursor });
      sandbox.storm(7);
      await expect(connector.snapshot?.read({})).rejects.toMatchObject({
        name: 'RateLimitedError',
        retryAfterMs: 7_000,
      });
      sandbox.calm();
      const item = {
        key: 'web/TEE-BLUE-M',
        channel: 'web',
        sku: 'TEE-BLUE-M',
        location: 'wh-primary',
        status: 'in-stock' as const,
      };
      const pushed = await connector.push?.push({ items: [{ ...item, quantity: 12 }], idempotencyKey: 'contract-1' });
      expect(pushed?.results).toEqual([{ key: item.key, outcome: 'written', remoteQuantity: 12 }]);
      const again = await connector.push?.push({ items: [{ ...item, quantity: 12 }], idempotencyKey: 'contract-2' });
      expect(again?.results).toEqual([{ key: item.key, outcome: 'unchanged', remoteQuantity: 12 }]);
      expect(sandbox.replacements).toEqual([
        { sku: 'TEE-BLUE-M', warehouse_id: primary, quantity: 12, reason: 'Stockwire sync' },
      ]);

      const sent = new Set(sandbox.exchanges.map((exchange) => exchange.query));
      expect(sent).toEqual(
        new Set([
          userQuotaDocument,
          warehouseProductsDocument,
          inventoryChangesDocument,
          warehouseProductLevelDocument,
          inventoryReplaceDocument,
        ]),
      );
      for (const query of sent) expect(documentProblems(schema(), query), query).toEqual([]);
      // The token exchange happened twice: once at start, once after the 401.
      expect(sandbox.calls.filter((call) => call.path === '/auth/refresh')).toHaveLength(2);
      expect(sandbox.calls.filter((call) => call.path === '/graphql' && call.status === 401)).toHaveLength(1);
    });

    it('answers an accepted delivery with the body ShipHero documents (webhooks/expected-response.json)', () => {
      const connector = createShipHeroConnector(
        {
          authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
          webhookSecret: { env: 'SHIPHERO_WEBHOOK_SECRET' },
        } as never,
        { mapping: exampleMapping(), environment: { SHIPHERO_WEBHOOK_SECRET: 'a-secret' } },
      );
      const expected = JSON.parse(readFileSync(specFile('webhooks', 'expected-response.json'), 'utf8'));
      expect(connector.webhooks?.answer?.body).toEqual(expected);
    });

    it('reads ShipHero’s documented webhook examples, and the sandbox sends the same fields', async () => {
      const secret = 'documented-example-secret';
      const connector = createShipHeroConnector(
        {
          authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
          webhookSecret: { env: 'SHIPHERO_WEBHOOK_SECRET' },
        } as never,
        { mapping: exampleMapping(), environment: { SHIPHERO_WEBHOOK_SECRET: secret } },
      );
      const parsed = [];
      for (const name of ['inventory-update.example.json', 'inventory-change.example.json']) {
        const text = readFileSync(specFile('webhooks', name), 'utf8');
        const webhook = {
          headers: { 'x-shiphero-hmac-sha256': signShipHeroWebhook(secret, text), 'x-shiphero-message-id': name },
          rawBody: Buffer.from(text, 'utf8'),
          receivedAt: new Date().toISOString(),
        };
        await connector.webhooks?.verify(webhook);
        parsed.push(await connector.webhooks?.parse(webhook));
      }
      // Update: 48 on hand, 13 available, 25 reserve, 10 sold ahead → 20 allocated. Change: 110 before, bin 0 → 10.
      expect(parsed[0]?.events).toMatchObject([{ quantities: { onHand: 48, committed: 20, reserved: 25 } }]);
      expect(parsed[1]?.events).toMatchObject([
        { quantities: { onHand: 120 }, occurredAt: '2025-02-03T13:19:30.000Z' },
      ]);

      const documented = JSON.parse(readFileSync(specFile('webhooks', 'inventory-update.example.json'), 'utf8'));
      const documentedChange = JSON.parse(readFileSync(specFile('webhooks', 'inventory-change.example.json'), 'utf8'));
      const target = sandbox;
      const received: unknown[] = [];
      const server = await import('node:http').then(({ createServer }) =>
        createServer((request, response) => {
          let body = '';
          request.on('data', (chunk) => (body += chunk));
          request.on('end', () => {
            received.push(JSON.parse(body));
            response.end('{"code":"200","Message":"Success"}');
          });
        }),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
      target.subscribe('Inventory Change', url);
      target.subscribe('Inventory Update', url);
      await target.adjust('TEE-BLUE-M', primary, 4);
      server.close();
      const [change, update] = received as [Record<string, unknown>, { inventory: Array<Record<string, unknown>> }];
      expect(Object.keys(change).sort()).toEqual(
        Object.keys(documentedChange)
          .filter((key) => !key.startsWith('lot_'))
          .sort(),
      );
      expect(Object.keys(update).sort()).toEqual(Object.keys(documented).sort());
      expect(Object.keys(update.inventory[0] ?? {}).sort()).toEqual(Object.keys(documented.inventory[0]).sort());
      expect(Object.keys((update.inventory[0]?.updated_warehouse as object) ?? {}).sort()).toEqual(
        Object.keys(documented.inventory[0].updated_warehouse).sort(),
      );
    });
  },
);

/** The documented examples name SKUs "string" and "LOT01" at warehouses 12345 (by uuid) and 76733. */
function exampleMapping() {
  return createConnectionMapping(
    buildCatalog(
      StockwireConfigurationSchema.parse({
        ...testConfiguration,
        skus: [...testConfiguration.skus, { id: 'string' }, { id: 'LOT01' }],
        connections: {
          [connection]: {
            connector: 'shiphero',
            locations: { V2FyZWhvdXNlJHIKby: 'wh-primary', V2FyZWhvdXNlOjc2NzMz: 'wh-secondary' },
            settings: {},
          },
        },
      }),
    ),
    connection,
  );
}
