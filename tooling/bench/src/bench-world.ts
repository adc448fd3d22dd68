import { type InventoryEvent, type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { seededRandom } from '@stockwire/testing';

export const benchLocations = ['wh-east', 'wh-west', 'store-1'] as const;

/** A catalog of `skuCount` plain SKUs over three locations, an ERP as authority, and two channels. */
export function benchConfiguration(skuCount: number): StockwireConfiguration {
  return StockwireConfigurationSchema.parse({
    version: 1,
    locations: benchLocations.map((id, index) => ({ id, kind: index < 2 ? 'warehouse' : 'store', priority: index })),
    skus: Array.from({ length: skuCount }, (_, index) => ({ id: skuId(index) })),
    connections: { erp: { connector: 'file' }, shop: { connector: 'shopify' }, market: { connector: 'amazon' } },
    authority: [{ connections: ['erp'], states: '*' }],
    channels: [
      { id: 'web', connection: 'shop', locations: [...benchLocations], policy: { buffer: 2 } },
      { id: 'marketplace', connection: 'market', locations: ['wh-east', 'wh-west'], policy: { percentage: 80 } },
    ],
  });
}

export function skuId(index: number): string {
  return `SKU-${String(index).padStart(7, '0')}`;
}

/** `count` receipts, shipments and adjustments spread over the catalog, with unique idempotency keys. */
export function benchEvents(count: number, skuCount: number, seed: number, keyPrefix: string): InventoryEvent[] {
  const random = seededRandom(seed);
  // An hour ago: relative changes older than the engine's settle horizon (15 days) would be refused.
  const base = Date.now() - 3_600_000;
  const events: InventoryEvent[] = [];
  for (let index = 0; index < count; index++) {
    const common = {
      idempotencyKey: `${keyPrefix}-${index}`,
      source: 'erp',
      occurredAt: new Date(base + index).toISOString(),
      sku: skuId(Math.floor(random() * skuCount)),
      location: benchLocations[Math.floor(random() * benchLocations.length)] ?? 'wh-east',
    };
    const pick = random();
    if (pick < 0.5) events.push({ ...common, kind: 'receipt', quantity: 1 + Math.floor(random() * 20) });
    else if (pick < 0.85) events.push({ ...common, kind: 'shipment', quantity: 1 + Math.floor(random() * 3) });
    else events.push({ ...common, kind: 'adjustment', change: random() < 0.5 ? -1 : 1, reason: 'correction' });
  }
  return events;
}
