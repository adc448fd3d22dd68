import { shopifyMaxBatchSize } from '@stockwire/connector-shopify';
import { RateLimitedError } from '@stockwire/connector-spec';
import { type VendorWorld, vendorConnection } from './vendor-world.ts';

/**
 * The Shopify connector loads the store's SKU → inventory item ids once per process, 250 per query (752 points
 * each since the query also reads each variant's inventory policy and product), and only as far as the SKUs it is
 * asked about: a load the limiter interrupts keeps its pages, and the next push resumes it only when one of its
 * SKUs is still unknown. So every SKU is asked about here, a batch at a time, before anything is measured, through
 * the connector and its shared limiter, waiting whenever it says so. Each item carries the value the store already
 * shows (0, expected 0), so nothing is written. (Asking about the first SKU alone loaded one page: every later
 * flush then waited for the next page, 7.5 s apart at the Standard plan's 100 points per second.)
 */
export async function loadShopifyCatalog(world: VendorWorld): Promise<void> {
  const connector = world.runner.connections.get(vendorConnection)?.connector;
  const location = world.locations[0] ?? '';
  const channel = world.channelOf(location);
  for (let start = 0; start < world.skus.length; start += shopifyMaxBatchSize) {
    const items = world.skus.slice(start, start + shopifyMaxBatchSize).map((sku, index) => ({
      key: `warm-up-${start + index}`,
      channel,
      sku,
      location,
      quantity: 0,
      expectedRemote: 0,
      status: 'in-stock' as const,
    }));
    for (;;) {
      try {
        await connector?.push?.push({ items, idempotencyKey: `bench-warm-up-${start}` });
        break;
      } catch (error) {
        if (!RateLimitedError.isInstance(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      }
    }
  }
}
