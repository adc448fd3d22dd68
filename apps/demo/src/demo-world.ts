import type { Catalog, StockwireConfiguration } from '@stockwire/model';
import { createSeededRandom } from '@stockwire/simulator';

/** The connections the demo drives; its configuration must name them (examples/demo/stockwire.yaml does). */
export const demoConnections = { erp: 'erp', shopify: 'shopify', amazon: 'amazon', wholesale: 'wholesale' } as const;

/** Where the demo's systems keep stock, read from the configuration's location mappings (never written twice). */
export interface DemoPlaces {
  /** Our warehouses (locations of kind `warehouse`), which the ERP reports and Shopify sells from. */
  readonly warehouses: readonly string[];
  /** The ERP's and Shopify's ids of one of our locations. */
  erpLocation(location: string): string;
  shopifyLocation(location: string): string;
  /** The marketplace the Amazon connection maps to FBA, where its listings are published. */
  readonly amazonMarketplace: string;
}

export function demoPlaces(catalog: Catalog): DemoPlaces {
  const external = (connection: string, location: string) => {
    const id = catalog.externalLocation(connection, location);
    if (id === undefined) {
      throw new Error(`the demo needs connections.${connection}.locations to map an id to "${location}"`);
    }
    return id;
  };
  const ofKind = (kind: string) => [...catalog.locations.values()].filter((location) => location.kind === kind);
  const fba = ofKind('marketplace-fulfilled')[0];
  if (fba === undefined) throw new Error('the demo needs a location of kind marketplace-fulfilled (Amazon FBA)');
  return {
    warehouses: ofKind('warehouse').map((location) => location.id),
    erpLocation: (location) => external(demoConnections.erp, location),
    shopifyLocation: (location) => external(demoConnections.shopify, location),
    amazonMarketplace: external(demoConnections.amazon, fba.id),
  };
}

/** What the merchant's warehouses really hold at the start, per SKU and warehouse, and what FBA holds. */
export interface DemoStock {
  readonly onHand: Map<string, Map<string, number>>;
  readonly fba: Map<string, number>;
}

/** The SKUs a flash sale hits: few units, many buyers. */
export const flashSkus = ['TEE-BLK-M', 'MUG-STONE', 'GIFT-SET-COZY', 'CANDLE-CEDAR'] as const;

export function missingDemoConnections(configuration: StockwireConfiguration): string[] {
  return Object.values(demoConnections).filter((name) => configuration.connections[name] === undefined);
}

/** Seeded starting stock: most SKUs have a few dozen units, the flash-sale SKUs only a handful. */
export function createDemoStock(catalog: Catalog, places: DemoPlaces, seed: number): DemoStock {
  const random = createSeededRandom(seed);
  const onHand = new Map<string, Map<string, number>>();
  const fba = new Map<string, number>();
  for (const sku of catalog.skus.values()) {
    if (sku.kit !== undefined) continue;
    const flash = (flashSkus as readonly string[]).includes(sku.id);
    const byWarehouse = new Map<string, number>();
    for (const warehouse of places.warehouses)
      byWarehouse.set(warehouse, flash ? random.integer(4, 9) : random.integer(8, 40));
    onHand.set(sku.id, byWarehouse);
    if (fbaAliasOf(catalog, sku.id) !== undefined) fba.set(sku.id, random.integer(5, 30));
  }
  return { onHand, fba };
}

/** The name FBA reports a SKU's stock under: its second Amazon alias (the first is the merchant listing's). */
export function fbaAliasOf(catalog: Catalog, sku: string): string | undefined {
  return catalog.skus.get(sku)?.aliases.filter((alias) => alias.connection === demoConnections.amazon)[1]?.value;
}
