import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { orderChangeNotification } from '@stockwire/connector-amazon/sandbox';
import type { Catalog } from '@stockwire/model';
import { createSeededRandom, type SeededRandom } from '@stockwire/simulator';
import type { DemoSandboxes } from './demo-sandboxes.ts';
import { type DemoStock, demoConnections, flashSkus } from './demo-world.ts';

/** What the shoppers and the warehouse did, and what it cost: the demo's score, kept as the market runs. */
export interface DemoMarketTally {
  webOrders: number;
  amazonOrders: number;
  unitsSold: number;
  /** A shopper found the channel showing too few units and bought nothing. */
  soldOut: number;
  /** Units sold that the warehouses did not have: what Stockwire exists to keep at zero. */
  unitsOversold: number;
  restocks: number;
  /** Deliveries the runner refused (not 2xx): each one is a dead letter on the dashboard. */
  webhooksRefused: number;
  /** Faults the demo injects on purpose so the dashboard has a failed item to replay. */
  faultsInjected: number;
}

export interface DemoMarketOptions {
  readonly sandboxes: DemoSandboxes;
  readonly catalog: Catalog;
  readonly stock: DemoStock;
  /** The runner's webhook endpoint for the Shopify connection. */
  readonly shopifyWebhookUrl: string;
  readonly seed: number;
  readonly durationMs: number;
  /** Whether Amazon's merchant-fulfilled orders are simulated (announced over SQS, and polled as the backstop). */
  readonly amazonOrders: boolean;
  /** An Amazon order delivered once, half-way, as an SP-API ORDER_CHANGE notification; the market never sells its SKU. */
  readonly amazonNotification?: { readonly sku: string /** Returns the units ordered. */; send(): number };
}

export interface DemoMarket {
  readonly tally: DemoMarketTally;
  /** Units of a SKU the warehouses hold and have not promised to anyone: the truth the channels should follow. */
  freeUnits(sku: string): number;
  /** Which phase the market is in, for the live view. */
  phase(elapsedMs: number): 'steady' | 'flash sale' | 'cooling down' | 'done';
  /** Plays the scenario in real time; resolves when it ends or `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
}

const tickMs = 200;

/**
 * Shoppers on the Shopify store and on Amazon, and the ERP restocking the warehouses, played in real time against
 * the sandboxes. Shoppers buy only what the channel shows, exactly as a customer would; an oversell is counted
 * when the warehouses did not really have the units. Stockwire is not told anything directly: orders reach it as
 * Shopify's signed webhooks and Amazon's order feed, restocks as the ERP's files.
 */
export function createDemoMarket(options: DemoMarketOptions): DemoMarket {
  const { sandboxes, catalog, stock } = options;
  const { places } = sandboxes;
  const random: SeededRandom = createSeededRandom(options.seed);
  const tally: DemoMarketTally = {
    webOrders: 0,
    amazonOrders: 0,
    unitsSold: 0,
    soldOut: 0,
    unitsOversold: 0,
    restocks: 0,
    webhooksRefused: 0,
    faultsInjected: 0,
  };
  // The truth the shoppers cannot see: units physically on the shelves minus units already promised.
  const free = new Map<string, number>();
  for (const [sku, byWarehouse] of stock.onHand) {
    free.set(
      sku,
      [...byWarehouse.values()].reduce((total, quantity) => total + quantity, 0),
    );
  }
  const notified = options.amazonNotification;
  const sellable = [...catalog.skus.values()].map((sku) => sku.id).filter((sku) => sku !== notified?.sku);
  let orderNumber = 5_000_000;
  let adjustmentNumber = 0;

  const phase = (elapsedMs: number) => {
    const share = elapsedMs / options.durationMs;
    if (share >= 1) return 'done' as const;
    if (share >= 0.25 && share < 0.6) return 'flash sale' as const;
    return share < 0.25 ? ('steady' as const) : ('cooling down' as const);
  };

  const promise = (sku: string, quantity: number) => {
    const kit = catalog.skus.get(sku)?.kit;
    const parts = kit === undefined ? [{ sku, quantity: 1 }] : kit.components;
    for (const part of parts) {
      const before = free.get(part.sku) ?? 0;
      const after = before - part.quantity * quantity;
      free.set(part.sku, after);
      tally.unitsOversold += Math.max(0, -after) - Math.max(0, -before);
    }
    tally.unitsSold += quantity;
  };

  const webSale = async (sku: string, quantity: number) => {
    const { shopify } = sandboxes;
    const itemId = shopify.itemIdOf(catalog.externalSku(demoConnections.shopify, sku));
    if (itemId === undefined) return;
    // Shopify assigns the order to the first location that shows enough: the customer sees only those numbers.
    const warehouse = places.warehouses.find(
      (candidate) => Number(shopify.level(itemId, places.shopifyLocation(candidate))?.available ?? 0) >= quantity,
    );
    if (warehouse === undefined) {
      tally.soldOut++;
      return;
    }
    const locationId = places.shopifyLocation(warehouse);
    const level = shopify.level(itemId, locationId) ?? {};
    shopify.setLevel(itemId, locationId, {
      ...level,
      available: Number(level.available ?? 0) - quantity,
      committed: Number(level.committed ?? 0) + quantity,
    });
    promise(sku, quantity);
    tally.webOrders++;
    orderNumber++;
    const now = new Date().toISOString();
    const body = JSON.stringify({
      id: orderNumber,
      name: `#${orderNumber}`,
      created_at: now,
      updated_at: now,
      cancelled_at: null,
      financial_status: 'paid',
      location_id: Number(locationId.split('/').pop()),
      line_items: [
        { id: orderNumber * 10, sku: catalog.externalSku(demoConnections.shopify, sku), quantity, title: sku },
      ],
    });
    await deliver(shopify.webhook('orders/create', body));
  };

  const deliver = async (webhook: { headers: Record<string, string>; rawBody: Uint8Array }) => {
    try {
      const response = await fetch(options.shopifyWebhookUrl, {
        method: 'POST',
        headers: webhook.headers,
        body: webhook.rawBody,
      });
      if (!response.ok) tally.webhooksRefused++;
    } catch {
      tally.webhooksRefused++;
    }
  };

  const amazonSale = (sku: string, quantity: number) => {
    const { amazon } = sandboxes;
    const listingSku = catalog.externalSku(demoConnections.amazon, sku);
    const shown = amazon.listingQuantity(places.amazonMarketplace, listingSku) ?? 0;
    if (shown < quantity) {
      tally.soldOut++;
      return;
    }
    // Amazon lowers the listing's quantity itself when an order is placed.
    amazon.setListing(places.amazonMarketplace, listingSku, shown - quantity);
    promise(sku, quantity);
    tally.amazonOrders++;
    orderNumber++;
    const now = new Date().toISOString();
    const order = {
      orderId: `114-${String(orderNumber).padStart(7, '0')}-0000001`,
      createdTime: now,
      lastUpdatedTime: now,
      salesChannel: { channelName: 'AMAZON', marketplaceId: places.amazonMarketplace, marketplaceName: 'Amazon.com' },
      fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
      orderItems: [
        {
          orderItemId: `${orderNumber}01`,
          quantityOrdered: quantity,
          product: { asin: 'B0DEMO0000', title: sku, sellerSku: listingSku },
        },
      ],
    };
    amazon.putOrder(order);
    // Amazon also announces the order on the seller's SQS queue; the runner holds it from there within seconds, and
    // the searchOrders poll that finds the same order later (same order and item ids) holds nothing twice.
    amazon.sqs.send(
      JSON.stringify(
        orderChangeNotification({
          sellerId: amazon.sellerId,
          orderId: order.orderId,
          marketplaceId: places.amazonMarketplace,
          orderStatus: 'Unshipped',
          eventTime: now,
          items: [{ orderItemId: `${orderNumber}01`, sellerSku: listingSku, quantity }],
        }),
      ),
    );
  };

  const restock = async () => {
    const sku = random.pick(sellable.filter((candidate) => catalog.skus.get(candidate)?.kit === undefined));
    const warehouse = random.pick(places.warehouses);
    const quantity = random.integer(3, 12);
    adjustmentNumber++;
    const name = `adjust-${String(adjustmentNumber).padStart(5, '0')}.csv`;
    const row = `restock-${options.seed}-${adjustmentNumber},${catalog.externalSku(demoConnections.erp, sku)},${places.erpLocation(warehouse)},${quantity},found,${new Date().toISOString()}`;
    await dropErpFile(name, `id,sku,location,change,reason,occurred_at\n${row}\n`);
    free.set(sku, (free.get(sku) ?? 0) + quantity);
    tally.restocks++;
  };

  // Senders write under a temporary name and rename when done, so the runner never reads half a file.
  const dropErpFile = async (name: string, text: string) => {
    const inbox = join(sandboxes.folders.erp, 'inbox');
    await writeFile(join(inbox, `.${name}.part`), text);
    await rename(join(inbox, `.${name}.part`), join(inbox, name));
  };

  /** A file with a typo in it: rejected with its reason, and shown as a failed item until someone replays it. */
  const injectBadFile = async () => {
    tally.faultsInjected++;
    adjustmentNumber++;
    await dropErpFile(
      `adjust-${String(adjustmentNumber).padStart(5, '0')}-typo.csv`,
      'id,sku,location,change,reason,occurred_at\nfat-finger-1,1001,WH01,ten,found,2026-01-01T00:00:00Z\n',
    );
  };

  const pickSku = (flash: boolean) =>
    flash && random.chance(0.7) ? random.pick(flashSkus as readonly string[]) : random.pick(sellable);

  return {
    tally,
    phase,
    freeUnits: (sku) => free.get(sku) ?? 0,
    async run(signal) {
      const started = Date.now();
      let nextRestockMs = 4_000;
      let badFileSent = false;
      let notificationSent = false;
      while (!signal.aborted) {
        const elapsed = Date.now() - started;
        const now = phase(elapsed);
        if (now === 'done') return;
        const flash = now === 'flash sale';
        // Orders per tick: about 3 a second, 12 during the flash sale.
        const orders = random.integer(0, flash ? 5 : 1);
        const sales: Promise<void>[] = [];
        for (let index = 0; index < orders; index++) {
          const sku = pickSku(flash);
          const quantity = random.chance(0.8) ? 1 : 2;
          if (options.amazonOrders && random.chance(0.35)) amazonSale(sku, quantity);
          else sales.push(webSale(sku, quantity));
        }
        await Promise.all(sales);
        if (elapsed >= nextRestockMs) {
          await restock();
          nextRestockMs += 5_000;
        }
        if (!badFileSent && elapsed >= options.durationMs * 0.4) {
          badFileSent = true;
          await injectBadFile();
        }
        if (notified !== undefined && !notificationSent && elapsed >= options.durationMs * 0.5) {
          notificationSent = true;
          promise(notified.sku, notified.send());
          tally.amazonOrders++;
        }
        await new Promise((resolve) => setTimeout(resolve, tickMs));
      }
    },
  };
}
