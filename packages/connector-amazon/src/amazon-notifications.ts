import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
} from '@stockwire/connector-spec';
import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import { z } from 'zod';
import {
  FbaAvailabilityPayload,
  MfnQuantityPayload,
  mapFbaAvailability,
  mapOrderChange,
  OrderChangePayload,
} from './map-amazon-notifications.ts';

/** The envelope every SP-API notification shares; SQS delivers it as the message body. */
const NotificationEnvelope = z.object({
  NotificationType: z.string(),
  EventTime: z.string(),
  Payload: z.unknown(),
  NotificationMetadata: z.object({ NotificationId: z.string().min(1) }),
});

/** What one notification means, in canonical names. */
export interface AmazonNotification {
  readonly notificationId: string;
  readonly notificationType: string;
  /** Reservations from ORDER_CHANGE. */
  readonly events: readonly InventoryEvent[];
  /** With `route`: ORDER_CHANGE as order records, for the engine to choose the warehouse. */
  readonly orders?: readonly OrderRecordInput[] | undefined;
  /** FBA stock per marketplace from FBA_INVENTORY_AVAILABILITY_CHANGES. */
  readonly records: readonly RemoteInventoryRecordV2[];
  /** The FBM quantity Amazon shows now, from LISTINGS_ITEM_MFN_QUANTITY_CHANGE: the runner's next `expectedRemote`. */
  readonly merchantQuantities: readonly { readonly sku: string; readonly quantity: number }[];
  readonly failures: readonly ItemFailureV2[];
}

/**
 * Reads one notification as SQS delivers it (the message body is the notification JSON). Types this connector
 * does not use come back empty; an unreadable body is a MalformedPayloadError.
 * https://developer-docs.amazon.com/sp-api/docs/notifications-api-v1-use-case-guide
 */
export function parseAmazonNotification(
  messageBody: string,
  mapping: ConnectionMappingV2,
  options: { route?: boolean } = {},
): AmazonNotification {
  const what = 'the SP-API notification';
  let json: unknown;
  try {
    json = JSON.parse(messageBody);
  } catch {
    throw new MalformedPayloadError({
      connection: mapping.connection,
      what,
      path: '$',
      problem: 'not JSON',
      vendorBody: messageBody,
    });
  }
  const envelope = NotificationEnvelope.safeParse(json);
  if (!envelope.success)
    throw MalformedPayloadError.fromZodError(what, envelope.error, {
      connection: mapping.connection,
      vendorBody: json,
    });
  const { NotificationType: notificationType, EventTime: eventTime, Payload: payload } = envelope.data;
  const base = { notificationId: envelope.data.NotificationMetadata.NotificationId, notificationType };
  const empty = { events: [], records: [], merchantQuantities: [], failures: [] };
  const read = <Schema extends z.ZodType>(schema: Schema): z.output<Schema> => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return parsed.data;
    throw MalformedPayloadError.fromZodError(`the ${notificationType} payload`, parsed.error, {
      connection: mapping.connection,
      vendorBody: json,
    });
  };
  switch (notificationType) {
    case 'ORDER_CHANGE':
      return { ...base, ...empty, ...mapOrderChange(read(OrderChangePayload), eventTime, mapping, options) };
    case 'FBA_INVENTORY_AVAILABILITY_CHANGES':
      return { ...base, ...empty, ...mapFbaAvailability(read(FbaAvailabilityPayload), eventTime, mapping) };
    case 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE': {
      const change = read(MfnQuantityPayload);
      const translated = captureItemFailure(`LISTINGS_ITEM_MFN_QUANTITY_CHANGE ${change.Sku}`, () => ({
        sku: mapping.toCanonicalSku(change.Sku),
        quantity: change.Quantity,
      }));
      return 'failure' in translated
        ? { ...base, ...empty, failures: [translated.failure] }
        : { ...base, ...empty, merchantQuantities: [translated.value] };
    }
    default:
      return { ...base, ...empty };
  }
}

/**
 * SQS delivers at least once, and Amazon may publish a notification twice: the NotificationId says which
 * deliveries are the same. `firstDelivery` is true once per id. Give it a store the runner keeps (with expiry);
 * the in-memory one remembers the last `capacity` ids of one process.
 */
export interface AmazonNotificationDeduper {
  firstDelivery(notificationId: string): Promise<boolean>;
}

export function createMemoryNotificationDeduper(capacity = 10_000): AmazonNotificationDeduper {
  const seen = new Set<string>();
  return {
    async firstDelivery(notificationId) {
      if (seen.has(notificationId)) return false;
      seen.add(notificationId);
      if (seen.size > capacity) seen.delete(seen.values().next().value as string);
      return true;
    },
  };
}

/** Parses a batch of SQS message bodies, dropping repeated notification ids; unreadable bodies become failures. */
export async function readAmazonNotifications(
  messageBodies: readonly string[],
  mapping: ConnectionMappingV2,
  deduper: AmazonNotificationDeduper,
  options: { route?: boolean } = {},
): Promise<{ notifications: AmazonNotification[]; duplicates: number; failures: ItemFailureV2[] }> {
  const notifications: AmazonNotification[] = [];
  const failures: ItemFailureV2[] = [];
  let duplicates = 0;
  for (const [index, body] of messageBodies.entries()) {
    const parsed = captureItemFailure(`SQS message ${index}`, () => parseAmazonNotification(body, mapping, options));
    if ('failure' in parsed) {
      failures.push(parsed.failure);
      continue;
    }
    if (await deduper.firstDelivery(parsed.value.notificationId)) notifications.push(parsed.value);
    else duplicates++;
  }
  return { notifications, duplicates, failures };
}
