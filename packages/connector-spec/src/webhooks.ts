import type { InventoryEvent, OrderRecordInput } from '@stockwire/model';
import type { ItemFailureV2 } from './item-failure.ts';
import type { RemoteInventoryRecordV2 } from './remote-inventory.ts';

/** A webhook exactly as received: the signature covers the raw bytes, so the body is never re-serialised first. */
export interface RawWebhookV2 {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly rawBody: Uint8Array;
  readonly receivedAt: string;
}

export interface ParsedWebhookV2 {
  /** The vendor's delivery or event id, used to drop redeliveries before they reach the engine. */
  readonly deliveryId: string;
  readonly topic: string;
  readonly events: readonly InventoryEvent[];
  /**
   * Orders the channel does not know the shipping location of (`order-placed`, `order-released`,
   * `order-fulfilled`): the engine routes them with the configuration's rules. Lines whose location is known
   * stay `reservation-*` events.
   */
  readonly orders?: readonly OrderRecordInput[] | undefined;
  readonly failures: readonly ItemFailureV2[];
  /**
   * What the remote says it now shows (a store's inventory level update): not events to apply, but observations
   * the runner reconciles — our own write coming back is an echo, anything else is drift to heal.
   */
  readonly records?: readonly RemoteInventoryRecordV2[] | undefined;
}
