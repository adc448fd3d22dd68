import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import type { PushItemV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { buildSchema, getVariableValues, type OperationDefinitionNode, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import { subscribeShopifyWebhooks } from './shopify-webhook-subscriptions.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  secretVariable,
  south,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

/**
 * The only additions to the official 2025-01 schema, both documented for the newer version the connector targets:
 * - `changeFromQuantity` on InventoryQuantityInput, the compare-and-set value of inventorySetQuantities from
 *   2026-01 (replacing `compareQuantity`, required from 2026-04):
 *   https://shopify.dev/docs/api/admin-graphql/2026-01/input-objects/InventoryQuantityInput
 * - the `@idempotent(key: String!)` directive, required on inventory mutations from 2026-04:
 *   https://shopify.dev/docs/api/usage/idempotent-requests
 */
const newerVersionAdditions = `
extend input InventoryQuantityInput { changeFromQuantity: Int }
directive @idempotent(key: String!) on FIELD
`;

const specs = locateVendorSpecs();

describe.skipIf(specs.folder === undefined)(
  `every Admin GraphQL document the connector sends is valid against Shopify's schema${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    let sandbox: ShopifySandbox;
    beforeAll(async () => {
      sandbox = await createShopifySandbox();
    });
    afterAll(async () => await sandbox?.close());

    it('validates the queries, mutations and variables captured from the sandbox call log', async () => {
      const schemaText = readFileSync(
        vendorSpecPath(specs.folder ?? '', 'shopify', 'admin_schema_2025-01.graphql'),
        'utf8',
      );
      // assumeValid: Shopify's published schema deprecates some fields whose interface field is not deprecated,
      // which graphql-js 17's schema self-check refuses. The SDL itself (and our extension of it) is still checked,
      // and every document is still validated against it with all of graphql-js's rules.
      const schema = buildSchema(`${schemaText}\n${newerVersionAdditions}`, { assumeValid: true });
      const catalog = buildCatalog(conformanceConfiguration);
      const connector = createShopifyConnector(
        {
          shop: sandbox.shop,
          adminApiUrl: sandbox.baseUrl,
          accessToken: { env: tokenVariable },
          apiSecretKey: { env: secretVariable },
          pageSize: 2,
        },
        {
          mapping: createConnectionMapping(catalog, conformanceConnection),
          environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
        },
      );
      sandbox.addLocation(north);
      sandbox.addLocation(south);
      for (const sku of ['SKU-RED', 'SKU-GREEN', 'SKU-BLUE']) {
        sandbox.setLevel(sandbox.addInventoryItem(sku), north, { available: 1, on_hand: 1 });
      }
      // Every operation the connector has: a paged snapshot, a bulk snapshot, a push read-then-write, a compare from expectedRemote
      // and a stale one (refused, then re-read).
      let cursor: string | undefined;
      do cursor = (await connector.snapshot?.read({ cursor }))?.nextCursor;
      while (cursor !== undefined);
      const bulk = createShopifyConnector(
        {
          shop: sandbox.shop,
          adminApiUrl: sandbox.baseUrl,
          accessToken: { env: tokenVariable },
          apiSecretKey: { env: secretVariable },
          snapshotMode: 'bulk',
        },
        {
          mapping: createConnectionMapping(catalog, conformanceConnection),
          environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
        },
      );
      do cursor = (await bulk.snapshot?.read({ cursor }))?.nextCursor;
      while (cursor !== undefined);
      const item = (sku: string, quantity: number, expectedRemote?: number): PushItemV2 => ({
        key: sku,
        channel: 'web',
        sku,
        location: 'wh-north',
        quantity,
        status: 'in-stock',
        expectedRemote,
      });
      await connector.push?.push({ idempotencyKey: 'contract-1', items: [item('SKU-RED', 4)] });
      // A backorder: the variant's inventory policy becomes CONTINUE through productVariantsBulkUpdate.
      const backorder = await connector.push?.push({
        idempotencyKey: 'contract-3',
        items: [{ ...item('SKU-RED', 4), status: 'backorder' }],
      });
      expect(backorder?.results.map((result) => result.outcome)).toEqual(['unchanged']);
      const stale = await connector.push?.push({
        idempotencyKey: 'contract-2',
        items: [item('SKU-GREEN', 6, 1), item('SKU-BLUE', 7, 99)],
      });
      expect(stale?.results.map((result) => result.outcome)).toEqual(['written', 'stale']);
      // An order edit reads the order's lines; `stockwire shopify subscribe` lists and creates subscriptions.
      sandbox.putOrder({ id: '4001', lineItems: [{ id: '40011', sku: 'SKU-RED', currentQuantity: 1 }] });
      const edit = '{"order_edit": {"id": 1, "order_id": 4001, "line_items": {"additions": [], "removals": []}}}';
      await connector.webhooks?.parse(sandbox.webhook('orders/edited', edit));
      const subscriber = { connection: conformanceConnection, environment: { [tokenVariable]: sandbox.accessToken } };
      const subscriptionSettings = {
        shop: sandbox.shop,
        adminApiUrl: sandbox.baseUrl,
        accessToken: { env: tokenVariable },
        apiSecretKey: { env: secretVariable },
      };
      await subscribeShopifyWebhooks(subscriptionSettings, subscriber, {
        callbackUrl: 'https://stockwire.example/webhooks/shopify',
      });

      const sent = sandbox.server.calls
        .filter((call) => call.path.endsWith('/graphql.json'))
        .map((call) => call.json as { query: string; variables: Record<string, unknown> });
      // The bulk query travels as a string inside the mutation; Shopify runs it against the same schema.
      const bulkQueries = sent.flatMap(({ variables }) =>
        typeof variables.query === 'string' ? [variables.query] : [],
      );
      expect(bulkQueries).toHaveLength(1);
      for (const query of bulkQueries) {
        expect(validate(schema, parse(query)).map((error) => error.message)).toEqual([]);
      }
      const names = new Set<string>();
      for (const { query, variables } of sent) {
        const document = parse(query);
        expect(validate(schema, document).map((error) => error.message)).toEqual([]);
        const operation = document.definitions[0] as OperationDefinitionNode;
        names.add(operation.name?.value ?? '');
        const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
        expect(coerced.errors?.map((error) => error.message) ?? []).toEqual([]);
      }
      // A control: against the bare 2025-01 schema the mutation fails on exactly the two documented additions.
      const bare = buildSchema(schemaText, { assumeValid: true });
      const mutation = sent.find(({ query }) => query.startsWith('mutation SetAvailableQuantities'));
      const mutationDocument = parse(mutation?.query ?? '');
      expect(validate(bare, mutationDocument).map((error) => error.message)).toEqual([
        'Unknown directive "@idempotent".',
      ]);
      const definition = mutationDocument.definitions[0] as OperationDefinitionNode;
      const bareVariables = getVariableValues(bare, definition.variableDefinitions ?? [], mutation?.variables ?? {});
      expect(bareVariables.errors?.map((error) => error.message).join('\n')).toContain('changeFromQuantity');
      expect([...names].sort()).toEqual([
        'BulkInventorySnapshot',
        'BulkOperationStatus',
        'CurrentAvailable',
        'InventoryItemsBySku',
        'InventorySnapshotPage',
        'OrderLines',
        'SetAvailableQuantities',
        'SetInventoryPolicies',
        'WebhookSubscriptionCreate',
        'WebhookSubscriptions',
      ]);
    });
  },
);
