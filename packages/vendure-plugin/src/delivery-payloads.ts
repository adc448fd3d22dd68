/** The topics the plugin posts; the connector's `webhooks.topics` lists the same. */
export const stockwireDeliveryTopics = [
  'order.placed',
  'order.cancelled',
  'order.fulfilled',
  'stock.movement',
] as const;
export type StockwireDeliveryTopic = (typeof stockwireDeliveryTopics)[number];

export interface StockwireOrderLine {
  /** Vendure's order line id: the line's reference for the engine. */
  readonly id: string;
  readonly sku: string;
  readonly quantity: number;
}

export interface StockwireOrderPayload {
  readonly id: string;
  readonly code: string;
  readonly state: string;
  /** Vendure's `orderPlacedAt`: when the order took its stock (in the same transaction as its allocation). */
  readonly placedAt?: string | undefined;
  readonly lines: readonly StockwireOrderLine[];
}

/** One stock movement, with the level as it stood right after it (what Vendure then shows at that location). */
export interface StockwireMovementPayload {
  readonly id: string;
  /** ADJUSTMENT, ALLOCATION, RELEASE, SALE, CANCELLATION or RETURN (Vendure's StockMovementType). */
  readonly type: string;
  readonly variantId: string;
  readonly sku: string;
  readonly stockLocationId: string;
  readonly quantity: number;
  readonly stockOnHand: number;
  readonly stockAllocated: number;
  readonly createdAt: string;
  /**
   * When the plugin read `stockOnHand` and `stockAllocated`: the level can hold later movements than this one (an
   * order placed meanwhile), so it is dated by its reading, not by the movement.
   */
  readonly levelReadAt: string;
}

/** The body of one delivery, as JSON. `id` is stable for one Vendure event, across retries and re-publishes. */
export interface StockwireDelivery {
  readonly id: string;
  readonly topic: StockwireDeliveryTopic;
  readonly occurredAt: string;
  /** The token of the channel the event happened in. */
  readonly channel: string;
  readonly order?: StockwireOrderPayload | undefined;
  readonly movements?: readonly StockwireMovementPayload[] | undefined;
}

/** Vendure order states after which the order's stock has left (a parcel shipped or was delivered). */
export const shippedOrderStates = ['Shipped', 'Delivered'] as const;

/**
 * The topic of an order state transition, or undefined when it does not move stock for Stockwire:
 * a cancel releases the order's holds, the first shipped state consumes them.
 */
export function orderTransitionTopic(fromState: string, toState: string): StockwireDeliveryTopic | undefined {
  if (toState === 'Cancelled') return 'order.cancelled';
  const shipped = (state: string) => (shippedOrderStates as readonly string[]).includes(state);
  if (shipped(toState) && !shipped(fromState)) return 'order.fulfilled';
  return undefined;
}
