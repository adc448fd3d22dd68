/**
 * The units a channel sold, among events the engine just applied: a new reservation is an order taking stock, and
 * a shipment without an order reference is a sale the order system never reserved (a till, a marketplace that only
 * reports dispatches). A shipment that consumes a reservation was counted when it was reserved.
 */
export function salesOf(
  events: readonly unknown[],
  outcomes: ReadonlyArray<string | undefined>,
): Array<{ sku: string; quantity: number; eventId: string }> {
  const sales: Array<{ sku: string; quantity: number; eventId: string }> = [];
  events.forEach((event, index) => {
    if (outcomes[index] !== 'applied') return;
    const candidate = event as {
      kind?: unknown;
      sku?: unknown;
      quantity?: unknown;
      orderReference?: unknown;
      idempotencyKey?: unknown;
    };
    const isSale =
      candidate.kind === 'reservation-created' ||
      (candidate.kind === 'shipment' && candidate.orderReference === undefined);
    if (!isSale || typeof candidate.sku !== 'string' || typeof candidate.quantity !== 'number') return;
    sales.push({ sku: candidate.sku, quantity: candidate.quantity, eventId: String(candidate.idempotencyKey) });
  });
  return sales;
}
