import { type Catalog, channelPublishLocation } from '@stockwire/model';
import type { Runner } from '@stockwire/runner';
import type { DemoSandboxes } from './demo-sandboxes.ts';
import { demoConnections } from './demo-world.ts';

/**
 * Compares, SKU by SKU, what the sandboxes show with what the engine computed: Shopify's `available` at each
 * location against the channel published there, and Amazon's listing quantity against the FBM channel.
 */
export async function checkDemoConvergence(
  runner: Runner,
  sandboxes: DemoSandboxes,
  catalog: Catalog,
): Promise<{ checked: number; mismatches: string[] }> {
  const mismatches: string[] = [];
  let checked = 0;
  for (const channel of runner.configuration.channels) {
    if (!channel.publish) continue;
    const location = channelPublishLocation(channel);
    for (const sku of catalog.skus.keys()) {
      const computed = (await runner.engine.status(sku, channel.id)).computed?.quantity;
      if (computed === undefined) continue;
      let shown: number | undefined;
      if (channel.connection === demoConnections.shopify && location !== undefined) {
        const itemId = sandboxes.shopify.itemIdOf(catalog.externalSku(demoConnections.shopify, sku));
        if (itemId === undefined) continue;
        shown = Number(sandboxes.shopify.level(itemId, sandboxes.places.shopifyLocation(location))?.available);
      } else if (channel.connection === demoConnections.amazon) {
        shown = sandboxes.amazon.listingQuantity(
          sandboxes.places.amazonMarketplace,
          catalog.externalSku(demoConnections.amazon, sku),
        );
      } else continue;
      checked++;
      if (shown !== computed) mismatches.push(`${channel.id} ${sku}: shows ${shown}, computed ${computed}`);
    }
  }
  return { checked, mismatches };
}
