import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '@stockwire/model';
import type { DemoSandboxes } from './demo-sandboxes.ts';
import { demoConnections, fbaAliasOf } from './demo-world.ts';

/**
 * What each system the demo plays shows, read the way its owner would read it: Shopify's levels, Amazon's listings
 * and FBA inventory, the wholesale buyers' availability files. The end-of-run check compares these with the engine.
 */
export interface DemoChannelViews {
  /** Shopify's `available` for a SKU at one of our locations; undefined when the store does not stock it there. */
  shopifyAvailable(sku: string, location: string): number | undefined;
  /** The merchant-fulfilled listing's quantity on the marketplace our FBA location maps to. */
  amazonListing(sku: string): number | undefined;
  /** Amazon's fulfillable FBA units of a SKU in the marketplace a location maps to (0 when it reports none). */
  amazonFulfillable(sku: string, location: string): number;
  /** The wholesale export's newest row for a channel and SKU, in the connection's units. */
  wholesaleExported(channel: string, sku: string): number | undefined;
}

interface FbaSummary {
  readonly sellerSku?: unknown;
  readonly inventoryDetails?: { readonly fulfillableQuantity?: unknown } | null;
}

/** The availability files in name order, a later row replacing an earlier one (the file connector's README). */
async function readWholesaleExports(folder: string): Promise<Map<string, number>> {
  const outbox = join(folder, 'outbox');
  const names = (await readdir(outbox).catch(() => [] as string[]))
    .filter((name) => name.startsWith('availability-') && name.endsWith('.csv'))
    .sort();
  const newest = new Map<string, number>();
  for (const name of names) {
    const [header, ...rows] = (await readFile(join(outbox, name), 'utf8')).split('\n');
    const columns = (header ?? '').split(',');
    const at = (field: string) => columns.indexOf(field);
    // The demo's channel ids and SKU names hold no commas or quotes, so a plain split reads these files exactly.
    for (const row of rows.filter((line) => line.trim() !== '')) {
      const fields = row.split(',');
      newest.set(`${fields[at('channel')]}\u0000${fields[at('sku')]}`, Number(fields[at('quantity')]));
    }
  }
  return newest;
}

export async function readDemoChannelViews(sandboxes: DemoSandboxes, catalog: Catalog): Promise<DemoChannelViews> {
  const { shopify, amazon, places } = sandboxes;
  const wholesale = await readWholesaleExports(sandboxes.folders.wholesale);
  return {
    shopifyAvailable(sku, location) {
      const itemId = shopify.itemIdOf(catalog.externalSku(demoConnections.shopify, sku));
      if (itemId === undefined) return undefined;
      const level = shopify.level(itemId, places.shopifyLocation(location));
      return level === undefined ? undefined : Number(level.available);
    },
    amazonListing: (sku) =>
      amazon.listingQuantity(places.amazonMarketplace, catalog.externalSku(demoConnections.amazon, sku)),
    amazonFulfillable(sku, location) {
      const marketplace = catalog.externalLocation(demoConnections.amazon, location);
      const alias = fbaAliasOf(catalog, sku);
      if (marketplace === undefined || alias === undefined) return 0;
      const summaries = (amazon.state.inventory.get(marketplace) ?? []) as FbaSummary[];
      const summary = summaries.find((candidate) => candidate.sellerSku === alias);
      return Number(summary?.inventoryDetails?.fulfillableQuantity ?? 0);
    },
    wholesaleExported: (channel, sku) =>
      wholesale.get(`${channel}\u0000${catalog.externalSku(demoConnections.wholesale, sku)}`),
  };
}
