import { z } from 'zod';
import { reservationReleaseReasons } from './events.ts';
import { ConnectionIdSchema, PositiveQuantitySchema, SkuIdSchema, TimestampSchema } from './identifiers.ts';

/**
 * An order as a sales channel reports it when the channel does not know where it will ship from (an online order
 * not yet assigned to a location). It is not an inventory event: the engine routes it with the model's rules
 * (region, priority, split) and turns the decision into located reservations. Channels that do know the location
 * keep emitting `reservation-*` events instead.
 *
 * Every record names the order by `source` and `orderReference`; that pair is the idempotency key, so a
 * redelivered or reordered record changes nothing twice.
 */
/**
 * The most units one order line may ask for. A line of 1e15 was accepted and held stock that never existed (#23.7);
 * no real order line comes near a million units, so anything above is refused as a typed rejection, dead-lettered.
 */
export const maximumOrderLineQuantity = 1_000_000;

const OrderLineQuantitySchema = PositiveQuantitySchema.max(
  maximumOrderLineQuantity,
  `must be at most ${maximumOrderLineQuantity} units on one order line`,
);

const orderBase = {
  source: ConnectionIdSchema,
  orderReference: z.string().min(1).max(256),
  occurredAt: TimestampSchema,
  raw: z.unknown().optional(),
};

export const OrderPlacedRecordSchema = z.strictObject({
  ...orderBase,
  kind: z.literal('order-placed'),
  /** Where the order ships to, in the configuration's region codes; locations in that region are preferred. */
  region: z.string().min(1).optional(),
  /** May one line be split over several locations? */
  allowSplit: z.boolean().default(true),
  lines: z
    .array(z.strictObject({ lineReference: z.string().min(1), sku: SkuIdSchema, quantity: OrderLineQuantitySchema }))
    .min(1),
});

/**
 * Part of one line ends: `quantity` units of `lineReference` (kits count as kits), named by `changeReference`, the
 * channel's id of the change (a cancellation, an edit, a shipment). The id is what tells a second partial cancel of
 * the same line from a redelivery of the first, so the engine refuses a quantity without it.
 */
const partialEnd = {
  quantity: OrderLineQuantitySchema.optional(),
  changeReference: z.string().min(1).max(256).optional(),
};

/** The order's holds go back on sale: all of them, one line's, or some units of one line. */
export const OrderReleasedRecordSchema = z.strictObject({
  ...orderBase,
  kind: z.literal('order-released'),
  reason: z.enum(reservationReleaseReasons),
  lineReference: z.string().min(1).optional(),
  ...partialEnd,
});

/** The order's holds leave with the parcel: all of them, one line's, or some units of one line. */
export const OrderFulfilledRecordSchema = z.strictObject({
  ...orderBase,
  kind: z.literal('order-fulfilled'),
  lineReference: z.string().min(1).optional(),
  ...partialEnd,
});

export const OrderRecordSchema = z.discriminatedUnion('kind', [
  OrderPlacedRecordSchema,
  OrderReleasedRecordSchema,
  OrderFulfilledRecordSchema,
]);
export type OrderRecord = z.output<typeof OrderRecordSchema>;
export type OrderRecordInput = z.input<typeof OrderRecordSchema>;
export type OrderRecordKind = OrderRecord['kind'];

export const orderRecordKinds: readonly OrderRecordKind[] = ['order-placed', 'order-released', 'order-fulfilled'];

/** Whether a value (e.g. one item of a job's list) claims to be an order record rather than an inventory event. */
export function isOrderRecordLike(value: unknown): boolean {
  const kind = (value as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && (orderRecordKinds as readonly string[]).includes(kind);
}
