import { orderChangeNotification } from '@stockwire/connector-amazon/sandbox';
import { type Catalog, sellableQuantity } from '@stockwire/model';
import type { Runner } from '@stockwire/runner';
import type { DemoSandboxes } from './demo-sandboxes.ts';
import { demoConnections, flashSkus } from './demo-world.ts';

/** The Amazon order the demo delivers as an SP-API ORDER_CHANGE through the SQS sandbox, once per run. */
export interface DemoAmazonNotification {
  readonly sku: string;
  readonly quantity: number;
  readonly orderId: string;
}

/**
 * A SKU only this order touches (not a kit, not in a kit, not a flash-sale SKU; the market leaves it alone), so the
 * end-of-run check can tell the notification's hold from every other order's.
 */
export function pickNotificationSku(catalog: Catalog): string | undefined {
  const inKits = new Set(
    [...catalog.skus.values()].flatMap((sku) => (sku.kit?.components ?? []).map((part) => part.sku)),
  );
  return [...catalog.skus.values()].find(
    (sku) =>
      sku.kit === undefined &&
      !inKits.has(sku.id) &&
      !(flashSkus as readonly string[]).includes(sku.id) &&
      sku.aliases.some((alias) => alias.connection === demoConnections.amazon),
  )?.id;
}

/** Puts the ORDER_CHANGE on the sandbox's queue, as Amazon's notification delivery does (merchant-fulfilled). */
export function sendDemoOrderChange(
  sandboxes: DemoSandboxes,
  catalog: Catalog,
  sku: string,
  quantity: number,
): DemoAmazonNotification {
  const orderId = '114-9000000-0000001';
  sandboxes.amazon.sqs.send(
    JSON.stringify(
      orderChangeNotification({
        sellerId: sandboxes.amazon.sellerId,
        orderId,
        marketplaceId: sandboxes.places.amazonMarketplace,
        orderStatus: 'Unshipped',
        items: [{ orderItemId: `${orderId}-1`, sellerSku: catalog.externalSku(demoConnections.amazon, sku), quantity }],
      }),
    ),
  );
  return { sku, quantity, orderId };
}

/**
 * What the end-of-run check reports about the notification: the queue must be drained and the engine must hold
 * exactly the order's units for the SKU, its sellable warehouse stock must be what is really free (no other order touches it, and the order never reaches Amazon's orders API,
 * so only the SQS path can have placed that hold). Returns the problem, or undefined when the hold is there.
 */
export async function checkDemoOrderChange(
  runner: Runner,
  sandboxes: DemoSandboxes,
  catalog: Catalog,
  sent: DemoAmazonNotification | undefined,
  /** Units the warehouses really have free for the SKU (the market's truth, the order's units taken off). */
  freeUnits: (sku: string) => number,
): Promise<{ problem?: string; summary: string }> {
  if (sent === undefined) return { problem: 'the Amazon ORDER_CHANGE notification was never sent', summary: '' };
  // A short run closes the market soon after the order is sent: give the queue's long poll a few seconds to deliver.
  const deadline = Date.now() + 10_000;
  for (;;) {
    let committed = 0;
    let sellable = 0;
    for (const location of catalog.locations.keys()) {
      const quantities = await runner.engine.quantities(sent.sku, location);
      committed += quantities.committed;
      if (sandboxes.places.warehouses.includes(location)) sellable += sellableQuantity(quantities);
    }
    const free = freeUnits(sent.sku);
    const waiting = sandboxes.amazon.sqs.remaining().length;
    const summary = `Amazon ORDER_CHANGE via SQS: order ${sent.orderId} holds ${committed} of ${sent.quantity} × ${sent.sku} (${sellable} left to sell in the warehouses, ${free} really free; ${waiting} messages waiting)`;
    if (committed === sent.quantity && sellable === free && waiting === 0) return { summary };
    if (Date.now() >= deadline) return { problem: summary, summary };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
