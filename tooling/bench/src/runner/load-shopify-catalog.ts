import { RateLimitedError } from '@stockwire/connector-spec';
import { type VendorWorld, vendorConnection } from './vendor-world.ts';

/**
 * The Shopify connector loads the store's SKU → inventory item ids once per process, 250 per query (252 points
 * each). Done here, before anything is measured, through the connector and its shared limiter, waiting whenever it
 * says so; the one item sent is the value the store already shows, so nothing is written.
 */
export async function loadShopifyCatalog(world: VendorWorld): Promise<void> {
  const connector = world.runner.connections.get(vendorConnection)?.connector;
  const sku = world.skus[0] ?? '';
  const location = world.locations[0] ?? '';
  const item = { key: 'warm-up', channel: world.channelOf(location), sku, location, quantity: 0, expectedRemote: 0 };
  for (;;) {
    try {
      await connector?.push?.push({ items: [{ ...item, status: 'in-stock' }], idempotencyKey: 'bench-warm-up' });
      return;
    } catch (error) {
      if (!RateLimitedError.isInstance(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
    }
  }
}
