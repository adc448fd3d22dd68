import type { Catalog, StockwireConfiguration } from '@stockwire/model';
import { createSeededRandom } from '@stockwire/simulator';

/** The connections the demo drives; its configuration must name them (examples/demo/stockwire.yaml does). */
export const demoConnections = { erp: 'erp', shopify: 'shopify', amazon: 'amazon', wholesale: 'wholesale' } as const;
export const demoWarehouses = ['wh-east', 'wh-west'] as const;
export type DemoWarehouse = (typeof demoWarehouses)[number];
/** The ERP's and Shopify's names of the two warehouses (the configuration maps them to ours). */
export const erpLocationOf: Readonly<Record<DemoWarehouse, string>> = { 'wh-east': 'WH01', 'wh-west': 'WH02' };
export const shopifyLocationOf: Readonly<Record<DemoWarehouse, string>> = {
  'wh-east': 'gid://shopify/Location/1001',
  'wh-west': 'gid://shopify/Location/1002',
};
export const amazonMarketplace = 'ATVPDKIKX0DER';

/** What the merchant's warehouses really hold at the start, per SKU and warehouse, and what FBA holds. */
export interface DemoStock {
  readonly onHand: Map<string, Map<DemoWarehouse, number>>;
  readonly fba: Map<string, number>;
}

/** The SKUs a flash sale hits: few units, many buyers. */
export const flashSkus = ['TEE-BLK-M', 'MUG-STONE', 'GIFT-SET-COZY', 'CANDLE-CEDAR'] as const;

export function missingDemoConnections(configuration: StockwireConfiguration): string[] {
  return Object.values(demoConnections).filter((name) => configuration.connections[name] === undefined);
}

/** Seeded starting stock: most SKUs have a few dozen units, the flash-sale SKUs only a handful. */
export function createDemoStock(catalog: Catalog, seed: number): DemoStock {
  const random = createSeededRandom(seed);
  const onHand = new Map<string, Map<DemoWarehouse, number>>();
  const fba = new Map<string, number>();
  for (const sku of catalog.skus.values()) {
    if (sku.kit !== undefined) continue;
    const flash = (flashSkus as readonly string[]).includes(sku.id);
    const byWarehouse = new Map<DemoWarehouse, number>();
    for (const warehouse of demoWarehouses)
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
