import { readFileSync } from 'node:fs';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { InventoryEventSchema, StockwireConfigurationSchema } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryNotificationDeduper, readAmazonNotifications } from './amazon-notifications.ts';
import { mappingOf, marketplaces } from './test-support/amazon-test-setup.ts';

const specs = locateVendorSpecs();
const connection = 'amazon-notifications';
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'amazon-us', kind: 'warehouse' },
    { id: 'amazon-ca', kind: 'warehouse' },
  ],
  // The SKUs of Amazon's own example notifications.
  skus: [{ id: 'NLS-SHOES-03' }, { id: 'SellerSKUID1' }, { id: 'SELLERSKU-1' }],
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
const mapping = mappingOf(configuration, connection);

/** An official example from the notification schemas, as the SQS message body Amazon delivers. */
function example(file: string): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(vendorSpecPath(specs.folder ?? '', 'amazon', file), 'utf8'));
  const examples = schema.examples ?? [];
  if (examples.length > 0) return examples[0];
  // FBAInventoryAvailabilityChangeNotification.json keeps its example on the payload only: wrap it in the envelope.
  return {
    NotificationVersion: '1.0',
    NotificationType: 'FBA_INVENTORY_AVAILABILITY_CHANGES',
    PayloadVersion: '1.0',
    EventTime: '2024-01-11T00:09:53.109Z',
    Payload: schema.properties.Payload.examples[0],
    NotificationMetadata: {
      ApplicationId: 'amzn1.sellerapps.app.example',
      SubscriptionId: 'subscription-example',
      PublishTime: '2024-01-11T00:09:53.109Z',
      NotificationId: 'f1a2b3c4-0000-4000-8000-000000000001',
    },
  };
}

describe.skipIf(specs.folder === undefined)(
  `SP-API notifications delivered through SQS${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    it("reads Amazon's example ORDER_CHANGE, FBA availability and MFN quantity notifications in canonical names", async () => {
      const bodies = [
        example('OrderChangeNotification.json'),
        example('FBAInventoryAvailabilityChangeNotification.json'),
        example('ListingsItemMfnQuantityChange.json'),
      ].map((notification) => JSON.stringify(notification));
      const { notifications, failures } = await readAmazonNotifications(
        bodies,
        mapping,
        createMemoryNotificationDeduper(),
      );
      expect(failures).toEqual([]);
      const [order, fba, mfn] = notifications;

      expect(order?.events).toEqual([
        expect.objectContaining({
          kind: 'reservation-created',
          idempotencyKey: `${connection}/903-8868176-2219830/OIID34853450/reservation-created`,
          sku: 'SellerSKUID1',
          location: 'amazon-us',
          quantity: 10,
        }),
      ]);
      for (const event of order?.events ?? []) expect(InventoryEventSchema.safeParse(event).success).toBe(true);
      expect(fba?.records.map((record) => [record.sku, record.location, record.quantities.available])).toEqual([
        ['SELLERSKU-1', 'amazon-us', 50],
        ['SELLERSKU-1', 'amazon-ca', 40],
      ]);
      expect(mfn?.merchantQuantities).toEqual([{ sku: 'NLS-SHOES-03', quantity: 99 }]);
    });

    it('drops a notification delivered again under the same NotificationId, across batches', async () => {
      const deduper = createMemoryNotificationDeduper();
      const body = JSON.stringify(example('ListingsItemMfnQuantityChange.json'));
      const first = await readAmazonNotifications([body, body], mapping, deduper);
      expect([first.notifications.length, first.duplicates]).toEqual([1, 1]);
      const later = await readAmazonNotifications([body], mapping, deduper);
      expect([later.notifications.length, later.duplicates]).toEqual([0, 1]);
      const other = { ...example('ListingsItemMfnQuantityChange.json') };
      other.NotificationMetadata = { ...(other.NotificationMetadata as object), NotificationId: 'another-id' };
      expect((await readAmazonNotifications([JSON.stringify(other)], mapping, deduper)).notifications).toHaveLength(1);
    });

    it('turns an unreadable message or an unmapped SKU into a typed failure beside the rest', async () => {
      const unmapped = example('ListingsItemMfnQuantityChange.json');
      unmapped.Payload = { ...(unmapped.Payload as object), Sku: 'NOT-IN-CATALOG' };
      unmapped.NotificationMetadata = { ...(unmapped.NotificationMetadata as object), NotificationId: 'unmapped' };
      const result = await readAmazonNotifications(
        ['{not json', JSON.stringify(unmapped)],
        mapping,
        createMemoryNotificationDeduper(),
      );
      expect(MalformedPayloadError.isInstance(result.failures[0]?.error)).toBe(true);
      expect(result.notifications[0]?.failures.map((failure) => failure.error.name)).toEqual(['UnmappedSkuError']);
    });
  },
);
