import { mergeApplied } from './applied-events.ts';
import type { EngineContext } from './engine-context.ts';
import type { AppliedEvents } from './ingest-events.ts';
import { type OrderEnd, orderEndEvents } from './order-line-ends.ts';
import { decideOrder, type OrderDecision, type OrderRequest, OrderRequestSchema, reservationEvents } from './orders.ts';

export type ReleaseReason = 'cancelled' | 'payment-failed' | 'edited' | 'expired';

export interface ReleaseOrderRequest {
  readonly source: string;
  readonly orderReference: string;
  readonly occurredAt: string;
  readonly lineReference?: string | undefined;
  readonly reason: ReleaseReason;
  /** Units of the line to release (kits count as kits); absent: all it holds. Needs the line and a change id. */
  readonly quantity?: number | undefined;
  /** The channel's id of this change, which tells a second partial change of a line from a redelivery. */
  readonly changeReference?: string | undefined;
}

export type FulfillOrderRequest = Omit<ReleaseOrderRequest, 'reason'>;

/** A release or fulfilment that arrived before its order, kept in the order's slot until the order is placed. */
type EarlyMessage = OrderEnd;

type IngestEvents = (events: readonly unknown[]) => Promise<AppliedEvents>;

/**
 * The holds of a decision followed by their release or consumption. The holds' idempotency keys are the ones
 * `placeOrder` uses, so where they were applied they are duplicates; where the placement is still in flight
 * (a cancellation overtaking it), they apply now, and the placement's own copy becomes the duplicate. Either way
 * committed never dips below what is really held, not even for a moment.
 */
async function heldThen(context: EngineContext, decision: OrderDecision, message: EarlyMessage) {
  const lineReference = message.lineReference;
  return [
    ...reservationEvents(decision, 'reservation-created', decision.placedAt ?? decision.decidedAt, { lineReference }),
    ...(await orderEndEvents(context, decision, message)),
  ];
}

export interface PlacedOrder {
  readonly decision: OrderDecision;
  /** The holds first (one outcome per reservation, in the decision's order), then what early messages did. */
  readonly ingest: AppliedEvents;
}

interface OrderParts {
  readonly context: EngineContext;
  readonly ingest: IngestEvents;
}

async function orderDecision(
  { context }: OrderParts,
  source: string,
  orderReference: string,
): Promise<OrderDecision | undefined> {
  const raw = await context.redis.get(context.keys.order(source, orderReference));
  return raw === null ? undefined : (JSON.parse(raw) as OrderDecision);
}

/**
 * Whichever of the placement and the early message writes second applies it: the placement reads the early
 * messages after storing its decision, the message reads the decision after storing itself (one slot, so the
 * commands are ordered). When both apply it, the events' idempotency keys make the second a duplicate.
 */
async function remember(parts: OrderParts, source: string, orderReference: string, message: EarlyMessage) {
  const { redis, keys, options } = parts.context;
  const earlyKey = keys.earlyOrderMessages(source, orderReference);
  const field = `${message.kind} ${message.lineReference ?? '*'} ${message.changeReference ?? '*'}`;
  await redis
    .multi()
    .hset(earlyKey, field, JSON.stringify(message))
    .pexpire(earlyKey, options.idempotencyRetentionMs)
    .exec();
  const decision = await orderDecision(parts, source, orderReference);
  return decision === undefined ? undefined : await parts.ingest(await heldThen(parts.context, decision, message));
}

async function applyEarlyMessages(parts: OrderParts, decision: OrderDecision): Promise<AppliedEvents | undefined> {
  const earlyKey = parts.context.keys.earlyOrderMessages(decision.source, decision.orderReference);
  const messages = Object.values(await parts.context.redis.hgetall(earlyKey)).map(
    (raw) => JSON.parse(raw) as EarlyMessage,
  );
  // Releases before fulfilments: a line both cancelled and shipped early must not ship what was cancelled.
  messages.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'reservation-released' ? -1 : 1));
  const events: unknown[] = [];
  for (const message of messages) events.push(...(await heldThen(parts.context, decision, message)));
  return events.length === 0 ? undefined : await parts.ingest(events);
}

/**
 * A whole-order release that arrives before its order is recorded in the order's slot as an empty decision, so
 * the placement that comes later finds it and holds nothing: the cancellation is neither lost nor able to take
 * committed below zero. Whichever of the two writes first wins (SET NX on the same key).
 */
async function releaseWholeBeforePlacement(
  parts: OrderParts,
  request: ReleaseOrderRequest,
): Promise<OrderDecision | undefined> {
  const { redis, keys, options } = parts.context;
  const released: OrderDecision = {
    source: request.source,
    orderReference: request.orderReference,
    decidedAt: parts.context.now().toISOString(),
    allocations: [],
    unfilled: [],
    reservations: [],
    reason: `${request.reason} before it was placed (${request.occurredAt}): nothing held`,
  };
  const key = keys.order(request.source, request.orderReference);
  const stored = await redis.set(key, JSON.stringify(released), 'PX', options.idempotencyRetentionMs, 'NX');
  return stored === 'OK' ? undefined : await orderDecision(parts, request.source, request.orderReference);
}

async function placeOrder(parts: OrderParts, request: OrderRequest): Promise<PlacedOrder> {
  const { context } = parts;
  const order = OrderRequestSchema.parse(request);
  const key = context.keys.order(order.source, order.orderReference);
  const decidedAt = context.now().toISOString();
  const fresh = await decideOrder(context.redis, context.keys, context.catalog, context.channels, order, decidedAt);
  // The first decision wins: a redelivered order must hold the same units, not route again.
  // Kept as long as the holds' idempotency keys: after that a redelivery would hold again anyway.
  const stored = await context.redis.set(
    key,
    JSON.stringify(fresh),
    'PX',
    context.options.idempotencyRetentionMs,
    'NX',
  );
  const decision =
    stored === 'OK' ? fresh : ((await orderDecision(parts, order.source, order.orderReference)) ?? fresh);
  const holds = await parts.ingest(reservationEvents(decision, 'reservation-created', order.occurredAt));
  const early = await applyEarlyMessages(parts, decision);
  return { decision, ingest: early === undefined ? holds : mergeApplied(holds, early) };
}

async function releaseOrder(parts: OrderParts, request: ReleaseOrderRequest): Promise<AppliedEvents | undefined> {
  const message: EarlyMessage = {
    kind: 'reservation-released',
    occurredAt: request.occurredAt,
    lineReference: request.lineReference,
    reason: request.reason,
    quantity: request.quantity,
    changeReference: request.changeReference,
  };
  let decision = await orderDecision(parts, request.source, request.orderReference);
  if (decision === undefined && request.lineReference === undefined) {
    decision = await releaseWholeBeforePlacement(parts, request);
  } else if (decision === undefined) {
    return await remember(parts, request.source, request.orderReference, message);
  }
  return decision === undefined ? undefined : await parts.ingest(await heldThen(parts.context, decision, message));
}

async function fulfillOrder(parts: OrderParts, request: FulfillOrderRequest): Promise<AppliedEvents | undefined> {
  const message: EarlyMessage = {
    kind: 'reservation-consumed',
    occurredAt: request.occurredAt,
    lineReference: request.lineReference,
    quantity: request.quantity,
    changeReference: request.changeReference,
  };
  const decision = await orderDecision(parts, request.source, request.orderReference);
  if (decision === undefined) return await remember(parts, request.source, request.orderReference, message);
  return await parts.ingest(await heldThen(parts.context, decision, message));
}

/**
 * Orders whose shipping location the channel does not know. Every message of an order is idempotent (keyed by
 * source and order reference) and may arrive in any order: a release or fulfilment that comes before its order is
 * remembered in the order's slot and applied when the order is placed — nothing throws, nothing is lost. A
 * fulfilment consumes the holds at the locations the order was routed to.
 */
export function createOrderFlow(context: EngineContext, ingest: IngestEvents) {
  const parts: OrderParts = { context, ingest };
  return {
    orderDecision: (source: string, orderReference: string) => orderDecision(parts, source, orderReference),
    placeOrder: (request: OrderRequest) => placeOrder(parts, request),
    /**
     * Releases exactly what the order holds (all lines, one, or some units of one); undefined when remembered until
     * it is placed.
     */
    releaseOrder: (request: ReleaseOrderRequest) => releaseOrder(parts, request),
    /** The holds leave with the parcel; undefined when remembered until the order is placed. */
    fulfillOrder: (request: FulfillOrderRequest) => fulfillOrder(parts, request),
  };
}

export type OrderFlow = ReturnType<typeof createOrderFlow>;
