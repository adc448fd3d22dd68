import { z } from 'zod';
import {
  ConnectionIdSchema,
  LocationIdSchema,
  NonNegativeQuantitySchema,
  PositiveQuantitySchema,
  QuantitySchema,
  SkuIdSchema,
  TimestampSchema,
} from './identifiers.ts';
import { QuantityStateSchema } from './quantity-states.ts';

/**
 * Fields every canonical event carries. `idempotencyKey` is unique per real-world change (a vendor's event or
 * delivery id, never a random one), so a redelivery is recognised. `sequence` is the source's own version or
 * sequence number when it has one. `raw` keeps the vendor's value beside the normalised one, for audits.
 */
const eventBase = {
  idempotencyKey: z.string().min(1).max(512),
  source: ConnectionIdSchema,
  occurredAt: TimestampSchema,
  sequence: z.number().int().nonnegative().optional(),
  sku: SkuIdSchema,
  location: LocationIdSchema,
  raw: z.unknown().optional(),
};

export const adjustmentReasons = ['found', 'lost', 'theft', 'correction', 'expired', 'sample', 'other'] as const;
export const returnDispositions = ['restock', 'quarantine', 'refurbish', 'dispose'] as const;
export const reservationReleaseReasons = ['cancelled', 'payment-failed', 'edited', 'expired'] as const;
/** Where a state move takes units from or to; `available` is on hand with no hold, `disposed` leaves the building. */
export const stateMoveEnds = ['available', 'damaged', 'qualityControl', 'reserved', 'safetyStock', 'disposed'] as const;

export const ReceiptEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('receipt'),
  quantity: PositiveQuantitySchema,
  /** The expected delivery (purchase order, ASN) this receipt fulfils, whose incoming quantity it reduces. */
  incomingReference: z.string().min(1).optional(),
});

export const ShipmentEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('shipment'),
  quantity: PositiveQuantitySchema,
  /** Set when the shipment fulfils a reservation: the committed hold leaves with the units. */
  orderReference: z.string().min(1).optional(),
});

export const AdjustmentEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('adjustment'),
  change: QuantitySchema.refine((value) => value !== 0, 'an adjustment changes something'),
  reason: z.enum(adjustmentReasons),
  note: z.string().optional(),
});

/** A counted on-hand quantity: absolute, so it replaces what came before it in time. */
export const CycleCountEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('cycle-count'),
  counted: NonNegativeQuantitySchema,
});

export const TransferOutEventSchema = z
  .strictObject({
    ...eventBase,
    kind: z.literal('transfer-out'),
    quantity: PositiveQuantitySchema,
    destination: LocationIdSchema,
    transferReference: z.string().min(1),
  })
  .refine((event) => event.destination !== event.location, {
    message: 'a transfer goes to another location',
    path: ['destination'],
  });

export const TransferInEventSchema = z
  .strictObject({
    ...eventBase,
    kind: z.literal('transfer-in'),
    quantity: PositiveQuantitySchema,
    origin: LocationIdSchema,
    transferReference: z.string().min(1),
  })
  .refine((event) => event.origin !== event.location, {
    message: 'a transfer comes from another location',
    path: ['origin'],
  });

const orderLine = {
  orderReference: z.string().min(1),
  lineReference: z.string().min(1),
  quantity: PositiveQuantitySchema,
};

export const ReservationCreatedEventSchema = z.strictObject({
  ...eventBase,
  ...orderLine,
  kind: z.literal('reservation-created'),
});

export const ReservationReleasedEventSchema = z.strictObject({
  ...eventBase,
  ...orderLine,
  kind: z.literal('reservation-released'),
  reason: z.enum(reservationReleaseReasons),
});

/** The order line was fulfilled: the held units leave on-hand with the parcel. */
export const ReservationConsumedEventSchema = z.strictObject({
  ...eventBase,
  ...orderLine,
  kind: z.literal('reservation-consumed'),
});

export const ReturnReceivedEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('return-received'),
  quantity: PositiveQuantitySchema,
  disposition: z.enum(returnDispositions),
  orderReference: z.string().min(1).optional(),
});

/** Damage found, quality-control holds and their release, disposal: units move between holds. */
export const StateMoveEventSchema = z
  .strictObject({
    ...eventBase,
    kind: z.literal('state-move'),
    quantity: PositiveQuantitySchema,
    from: z.enum(stateMoveEnds),
    to: z.enum(stateMoveEnds),
    note: z.string().optional(),
  })
  .refine((event) => event.from !== event.to, { message: 'a state move needs different from and to', path: ['to'] })
  .refine((event) => event.from !== 'disposed', { message: 'units cannot come back from disposed', path: ['from'] });

/** Stock expected from a purchase order or advance shipping notice; absolute per reference. */
export const IncomingExpectedEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('incoming-expected'),
  incomingReference: z.string().min(1),
  quantity: NonNegativeQuantitySchema,
  expectedAt: TimestampSchema,
});

/** The authority's absolute view of some states at `occurredAt`; it replaces everything older. */
export const SnapshotEventSchema = z.strictObject({
  ...eventBase,
  kind: z.literal('snapshot'),
  quantities: z
    .partialRecord(QuantityStateSchema.exclude(['incoming']), NonNegativeQuantitySchema)
    .refine((quantities) => Object.keys(quantities).length > 0, 'a snapshot sets at least one quantity'),
});

export const InventoryEventSchema = z.discriminatedUnion('kind', [
  ReceiptEventSchema,
  ShipmentEventSchema,
  AdjustmentEventSchema,
  CycleCountEventSchema,
  TransferOutEventSchema,
  TransferInEventSchema,
  ReservationCreatedEventSchema,
  ReservationReleasedEventSchema,
  ReservationConsumedEventSchema,
  ReturnReceivedEventSchema,
  StateMoveEventSchema,
  IncomingExpectedEventSchema,
  SnapshotEventSchema,
]);

export type InventoryEvent = z.infer<typeof InventoryEventSchema>;
export type InventoryEventKind = InventoryEvent['kind'];
export type InventoryEventOf<Kind extends InventoryEventKind> = Extract<InventoryEvent, { kind: Kind }>;
