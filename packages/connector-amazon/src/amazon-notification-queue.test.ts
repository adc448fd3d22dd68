import { readFileSync } from 'node:fs';
import type { ConnectionMappingV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { InventoryEventSchema, StockwireConfigurationSchema } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AmazonConnector } from './amazon-connector.ts';
import {
  type AmazonSandbox,
  createAmazonSandbox,
  fbaAvailabilityNotification,
  orderChangeNotification,
} from './sandbox/index.ts';
import { mappingOf, marketplaces, sandboxConnector, secretNames } from './test-support/amazon-test-setup.ts';
import { createAjv } from './test-support/openapi-contract.ts';

const specs = locateVendorSpecs();
const connection = 'amazon-sqs';
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'amazon-us', kind: 'warehouse' },
    { id: 'amazon-ca', kind: 'warehouse' },
  ],
  skus: [{ id: 'FBA-1' }, { id: 'FBM-1' }],
  connections: {
    [connection]: {
      connector: 'amazon',
      locations: { [marketplaces.us]: 'amazon-us', [marketplaces.ca]: 'amazon-ca' },
      settings: {},
    },
  },
  authority: [{ connections: [connection], states: '*' }],
  channels: [],
});
const mapping: ConnectionMappingV2 = mappingOf(configuration, connection);
const sqsKeys = { key: secretNames.sqsAccessKeyId, secret: secretNames.sqsSecretAccessKey };

/** The schema without `$schema` and `$id`: Amazon's generated ids repeat (ambiguous to Ajv) and nothing refers to them. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '$id' && key !== '$schema')
      .map(([key, entry]) => [key, key === 'examples' ? entry : withoutIds(entry)]),
  );
}

/** Validates a notification body against its official schema, so the sandbox's fixtures are Amazon's shapes. */
function validateAgainstSpec(file: string, notification: unknown): string[] {
  const schema = withoutIds(JSON.parse(readFileSync(vendorSpecPath(specs.folder ?? '', 'amazon', file), 'utf8')));
  const validate = createAjv().compile(schema as object);
  return validate(notification) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

let sandbox: AmazonSandbox;
beforeAll(async () => {
  sandbox = await createAmazonSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => sandbox.reset());

function notifiedConnector(): AmazonConnector {
  return sandboxConnector(sandbox, mapping, {
    sqsQueueUrl: sandbox.sqs.queueUrl,
    sqsEndpoint: sandbox.sqs.endpoint,
    sqsAccessKeyId: { env: sqsKeys.key },
    sqsSecretAccessKey: { env: sqsKeys.secret },
    sqsWaitSeconds: 1,
  });
}

describe.skipIf(specs.folder === undefined)(
  `SP-API notifications long-polled from SQS${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    it('reads ORDER_CHANGE and FBA availability, deletes them only on the pull after, and dead-letters a malformed one', async () => {
      const order = orderChangeNotification({
        sellerId: sandbox.sellerId,
        orderId: '111-0000001-0000001',
        marketplaceId: marketplaces.us,
        orderStatus: 'Unshipped',
        items: [{ orderItemId: 'OI-1', sellerSku: 'FBM-1', quantity: 2 }],
      });
      const fba = fbaAvailabilityNotification({
        sellerId: sandbox.sellerId,
        sku: 'FBA-1',
        marketplaceId: marketplaces.us,
        fulfillable: 40,
        pendingCustomerOrder: 3,
        unfulfillable: 1,
      });
      expect(validateAgainstSpec('OrderChangeNotification.json', order)).toEqual([]);
      expect(validateAgainstSpec('FBAInventoryAvailabilityChangeNotification.json', fba)).toEqual([]);
      const malformedId = sandbox.sqs.send('{"NotificationType": "ORDER_CHANGE"');
      sandbox.sqs.send(JSON.stringify(order));
      sandbox.sqs.send(JSON.stringify(fba));

      const connector = notifiedConnector();
      const page = await connector.changes?.pull({});
      expect(page?.hasMore).toBe(true);
      expect(page?.events).toEqual([
        expect.objectContaining({
          kind: 'reservation-created',
          idempotencyKey: `${connection}/111-0000001-0000001/OI-1/reservation-created`,
          sku: 'FBM-1',
          location: 'amazon-us',
          quantity: 2,
        }),
        expect.objectContaining({
          kind: 'snapshot',
          sku: 'FBA-1',
          location: 'amazon-us',
          // 40 fulfillable + 3 reserved for orders + 1 unfulfillable are in Amazon's building.
          quantities: { onHand: 44, committed: 3, reserved: 0, damaged: 1, qualityControl: 0, inTransit: 0 },
        }),
      ]);
      for (const event of page?.events ?? []) expect(InventoryEventSchema.safeParse(event).success).toBe(true);
      expect(page?.failures).toHaveLength(1);
      expect(page?.failures[0]?.where).toBe(`SQS message ${malformedId}`);
      expect(MalformedPayloadError.isInstance(page?.failures[0]?.error)).toBe(true);
      // Nothing is deleted before the runner has the batch (it stores the cursor only after enqueueing it).
      expect(sandbox.sqs.deleted).toEqual([]);
      expect(sandbox.sqs.remaining()).toHaveLength(3);

      const next = await connector.changes?.pull({ cursor: page?.cursor });
      expect(sandbox.sqs.remaining()).toEqual([]);
      expect(sandbox.sqs.deleted).toHaveLength(3);
      expect(next).toMatchObject({ events: [], failures: [], cursor: { received: [] }, hasMore: false });
      const actions = sandbox.server.calls.map((call) => call.headers['x-amz-target']).filter(Boolean);
      expect(actions).toEqual(['AmazonSQS.ReceiveMessage', 'AmazonSQS.DeleteMessageBatch', 'AmazonSQS.ReceiveMessage']);
      await connector.close?.();
    });

    it('a message received again after its visibility timeout yields the same idempotency keys', async () => {
      sandbox.sqs.send(
        JSON.stringify(
          fbaAvailabilityNotification({ sellerId: 'S', sku: 'FBA-1', marketplaceId: marketplaces.ca, fulfillable: 5 }),
        ),
      );
      const connector = notifiedConnector();
      const first = await connector.changes?.pull({});
      for (const message of sandbox.sqs.remaining()) message.invisibleUntil = 0;
      // A crash before the cursor was stored: the runner pulls from the old cursor again.
      const again = await connector.changes?.pull({});
      expect(again?.events.map((event) => event.idempotencyKey)).toEqual(
        first?.events.map((event) => event.idempotencyKey),
      );
      await connector.changes?.pull({ cursor: again?.cursor });
      expect(sandbox.sqs.remaining()).toEqual([]);
      await connector.close?.();
    });

    it('with notifications on, searchOrders runs once per backstop period, not on every poll', async () => {
      const connector = notifiedConnector();
      const first = await connector.orders.pull({});
      const second = await connector.orders.pull({ cursor: first.cursor });
      expect(second.cursor).toEqual(first.cursor);
      const searches = sandbox.spApiCalls().filter((call) => call.path === '/orders/2026-01-01/orders');
      expect(searches).toHaveLength(1);
      await connector.close?.();
    });

    it('a key the queue does not know is a configuration error naming the setting', async () => {
      const connector = sandboxConnector(sandbox, mapping, {
        sqsQueueUrl: sandbox.sqs.queueUrl,
        sqsEndpoint: sandbox.sqs.endpoint,
        // A key that exists, but not the queue's.
        sqsAccessKeyId: { env: secretNames.clientId },
        sqsSecretAccessKey: { env: sqsKeys.secret },
        sqsWaitSeconds: 1,
      });
      await expect(connector.changes?.pull({})).rejects.toThrow(/sqsAccessKeyId/);
      await connector.close?.();
    });
  },
);
