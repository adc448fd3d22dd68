import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { PushItemV2 } from '@stockwire/connector-spec';
import type { ListingStatus } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFeedLedger } from './amazon-feed-ledger.ts';
import { FeedProcessingReport, feedOutcomes } from './map-amazon-feed-report.ts';
import { type AmazonSandbox, createAmazonSandbox } from './sandbox/index.ts';
import { amazonOrder } from './test-support/amazon-orders-builder.ts';
import {
  manySkuConfiguration,
  mappingOf,
  marketplaces,
  sandboxConnector,
  skuName,
} from './test-support/amazon-test-setup.ts';
import { type ContractCheck, createAjv, loadSwaggerContract } from './test-support/openapi-contract.ts';

const specs = locateVendorSpecs();
const amazonSpec = (file: string) => vendorSpecPath(specs.folder ?? '', 'amazon', file);
const readJson = (file: string): unknown => JSON.parse(readFileSync(amazonSpec(file), 'utf8'));

const connection = 'amazon-contract';
const mapping = mappingOf(manySkuConfiguration(connection, 30), connection);
const pushedStatuses: readonly ListingStatus[] = ['in-stock', 'backorder', 'preorder', 'discontinued'];
const items = (count: number, quantity: number): PushItemV2[] =>
  Array.from({ length: count }, (_, index) => ({
    key: `amazon/${skuName(index)}`,
    channel: 'amazon',
    sku: skuName(index),
    location: 'amazon-us',
    quantity: quantity + index,
    // Statuses with a lead time among plain quantities, so both shapes of fulfillment_availability are validated.
    status: pushedStatuses[index % pushedStatuses.length] ?? 'in-stock',
  }));

describe.skipIf(specs.folder === undefined)(
  `the connector and its sandbox against Amazon's official models${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    let sandbox: AmazonSandbox;
    const checks: ContractCheck[] = [];

    beforeAll(async () => {
      sandbox = await createAmazonSandbox();
      for (let index = 0; index < 30; index++) sandbox.setListing(marketplaces.us, skuName(index), 0);
      sandbox.setInventory(marketplaces.us, [
        {
          asin: 'B071VG5N9D',
          fnSku: 'X0001',
          sellerSku: skuName(0),
          condition: 'NewItem',
          inventoryDetails: { fulfillableQuantity: 4 },
          lastUpdatedTime: '2026-11-24T11:00:00Z',
          productName: 'Suitcase',
          totalQuantity: 4,
        },
      ]);
      sandbox.reject(skuName(7), { code: '90220', message: "'[batteries_required]' is required but not supplied." });
      // One of each exchange: patches after a search, a feed submitted, polled, reported, and FBA stock read.
      const ledger = createMemoryFeedLedger();
      const connector = () => sandboxConnector(sandbox, mapping, {}, { feedLedger: ledger });
      await connector().push.push({ items: items(3, 1), idempotencyKey: 'patches' });
      await connector().push.push({ items: items(25, 50), idempotencyKey: 'feed' });
      await connector().push.push({ items: items(25, 50), idempotencyKey: 'feed' });
      sandbox.advanceClock(10 * 60_000);
      await connector().push.push({ items: items(25, 50), idempotencyKey: 'feed' });
      await connector().snapshot.read({});
      sandbox.putOrder(
        amazonOrder({
          orderId: '113-0000001-0000001',
          lastUpdatedTime: new Date().toISOString(),
          marketplaceId: marketplaces.us,
          status: 'UNSHIPPED',
          items: [{ orderItemId: '10001', sellerSku: skuName(0), quantityOrdered: 2 }],
        }),
      );
      await connector().orders.pull({});

      const ajv = createAjv();
      const contracts = [
        loadSwaggerContract(ajv, amazonSpec('listingsItems_2021-08-01.json'), 'listingsItems'),
        loadSwaggerContract(ajv, amazonSpec('feeds_2021-06-30.json'), 'feeds'),
        loadSwaggerContract(ajv, amazonSpec('fbaInventory.json'), 'fbaInventory'),
        loadSwaggerContract(ajv, amazonSpec('orders_2026-01-01.json'), 'orders'),
      ];
      for (const answer of sandbox.answers) {
        for (const contract of contracts) {
          const check = contract.check(answer.request, answer.response);
          if (check !== undefined) checks.push(check);
        }
      }
    });
    afterAll(async () => await sandbox?.close());

    it('covers every SP-API operation the connector calls', () => {
      const seen = new Set(checks.map((check) => check.operationId));
      for (const operation of [
        'searchListingsItems',
        'patchListingsItem',
        'createFeedDocument',
        'createFeed',
        'getFeed',
        'getFeedDocument',
        'getInventorySummaries',
        'searchOrders',
      ]) {
        expect(seen, operation).toContain(operation);
      }
      const apiCalls = sandbox.answers.filter((answer) => answer.request.headers.host?.startsWith('sellingpartnerapi'));
      expect(checks).toHaveLength(apiCalls.length);
    });

    it('sends parameters and bodies the models declare, and the sandbox answers as the models say', () => {
      const failing = checks.filter((check) => check.problems.length > 0);
      expect(failing).toEqual([]);
    });

    it('would catch a request or answer the model does not allow (the checker is not vacuous)', () => {
      const contract = loadSwaggerContract(createAjv(), amazonSpec('listingsItems_2021-08-01.json'), 'listingsItems');
      const check = contract.check(
        {
          method: 'PATCH',
          path: `/listings/2021-08-01/items/${sandbox.sellerId}/SKU-1`,
          query: { marketplaceId: marketplaces.us },
          headers: {},
          bodyText: '',
          json: { patches: [{ op: 'set', path: '/attributes/fulfillment_availability' }] },
        },
        { status: 200, body: { sku: 'SKU-1', status: 'DONE' } },
      );
      expect(check?.operationId).toBe('patchListingsItem');
      expect(check?.problems.join('\n')).toMatch(/marketplaceId is not in the model/);
      expect(check?.problems.join('\n')).toMatch(/required query parameter marketplaceIds is missing/);
      expect(check?.problems.join('\n')).toMatch(/productType/);
      expect(check?.problems.join('\n')).toMatch(/answer\/status must be equal to one of the allowed values/);
    });

    it('uploads a JSON_LISTINGS_FEED document that validates against listings-feed-schema-v2', () => {
      const ajv = createAjv();
      const validate = ajv.compile(readJson('listings-feed-schema-v2.json') as object);
      expect(validate(readJson('listings-feed-schema-v2.example.json')), 'the official example').toBe(true);
      const uploads = sandbox.answers.filter((answer) => answer.request.method === 'PUT');
      expect(uploads).toHaveLength(1);
      const document = JSON.parse(uploads[0]?.request.bodyText ?? '');
      expect(document.messages).toHaveLength(25);
      expect(validate(document) ? [] : validate.errors).toEqual([]);
    });

    it('sends fulfillment_availability entries in the attribute’s documented shape, lead times included', () => {
      // The envelope (patches, value: array of objects) is all listingsItems_2021-08-01.json and
      // listings-feed-schema-v2.json fix: the attribute's own schema belongs to each product type (Product Type
      // Definitions API, not in ../shared/specs). This closed schema holds the properties Amazon documents for the
      // merchant channel in the Listings Items use-case guide, so a misspelt or invented property fails here.
      const validate = createAjv().compile({
        type: 'object',
        additionalProperties: false,
        required: ['fulfillment_channel_code', 'quantity'],
        properties: {
          fulfillment_channel_code: { const: 'DEFAULT' },
          quantity: { type: 'integer', minimum: 0 },
          lead_time_to_ship_max_days: { type: 'integer', minimum: 1, maximum: 30 },
        },
      });
      const upload = sandbox.answers.find((answer) => answer.request.method === 'PUT');
      const feedMessages = (JSON.parse(upload?.request.bodyText ?? '{}') as { messages: unknown[] }).messages;
      const patchBodies = sandbox.answers
        .filter((answer) => answer.request.method === 'PATCH')
        .map((answer) => answer.request.json);
      const entries = [...feedMessages, ...patchBodies].flatMap((body) =>
        (body as { patches: { value: unknown[] }[] }).patches.flatMap((patch) => patch.value),
      );
      expect(entries.some((entry) => (entry as Record<string, unknown>).lead_time_to_ship_max_days !== undefined)).toBe(
        true,
      );
      expect(entries.some((entry) => (entry as Record<string, unknown>).quantity === 0)).toBe(true);
      expect(entries.filter((entry) => !validate(entry))).toEqual([]);
    });

    it("serves a processing report that validates against Amazon's report schema", () => {
      const ajv = createAjv();
      const validate = ajv.compile(readJson('listings-feed-processing-report-schema-v2.json') as object);
      expect(validate(readJson('listings-feed-processing-report-schema-v2.example.json')), 'the official example').toBe(
        true,
      );
      const download = sandbox.answers.find(
        (answer) => answer.request.method === 'GET' && answer.request.headers.host?.includes('amazonaws'),
      );
      const report = JSON.parse(gunzipSync(download?.response.body as Uint8Array).toString('utf8'));
      expect(report.issues).toEqual([expect.objectContaining({ messageId: 8, sku: skuName(7), severity: 'ERROR' })]);
      expect(validate(report) ? [] : validate.errors).toEqual([]);
    });

    it("reads Amazon's own example processing report: messages with ERROR issues fail, the rest are accepted", () => {
      const report = FeedProcessingReport.parse(readJson('listings-feed-processing-report-schema-v2.example.json'));
      const outcomes = feedOutcomes(report, [
        { messageId: 3, sku: 'My-SKU-A', quantity: 1 },
        { messageId: 4, sku: 'My-SKU-B', quantity: 1 },
        { messageId: 5, sku: 'My-SKU-C', quantity: 1 },
      ]);
      expect(outcomes['My-SKU-A']).toEqual({ accepted: true, issues: [] });
      expect(outcomes['My-SKU-B']?.issues).toHaveLength(2);
      expect(outcomes['My-SKU-C']).toMatchObject({ accepted: false, issues: [{ code: '99022' }] });
    });
  },
);
