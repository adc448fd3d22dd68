import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
} from '@stockwire/connector-spec';
import { z } from 'zod';
import { canonicalStateOf, type ShopifyReadState } from './map-shopify-inventory.ts';

/** One inventory item of a snapshot page, with its levels: the fields we use, nothing more. */
const SnapshotItemSchema = z.object({
  id: z.string(),
  sku: z.string().min(1, 'the inventory item has no SKU'),
  inventoryLevels: z.object({
    nodes: z.array(
      z.object({
        location: z.object({ id: z.string() }),
        /** When Shopify last changed any quantity of the level (`InventoryLevel.updatedAt`). */
        updatedAt: z.string().nullish(),
        quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
      }),
    ),
  }),
});

/**
 * An inventory item's levels as canonical records, one per location. An unmapped SKU fails the item (thrown); an
 * unmapped location fails that level alone (returned beside the others). Each record is observed at the level's
 * `updatedAt`, so a snapshot read after our push but showing an older level never passes for a newer report;
 * `readAt` (when we read it) only stands in for a level without a readable `updatedAt`.
 */
export function toRemoteRecords(
  raw: unknown,
  where: string,
  mapping: ConnectionMappingV2,
  readAt: string,
): { records: RemoteInventoryRecordV2[]; failures: ItemFailureV2[] } {
  const parsed = SnapshotItemSchema.safeParse(raw);
  if (!parsed.success) {
    throw MalformedPayloadError.fromZodError(where, parsed.error, { connection: mapping.connection, vendorBody: raw });
  }
  const item = parsed.data;
  const sku = mapping.toCanonicalSku(item.sku);
  const units = mapping.unitsPer(sku);
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  item.inventoryLevels.nodes.forEach((level, index) => {
    const read = captureItemFailure(`${where}.inventoryLevels.nodes[${index}]`, () => {
      const location = mapping.toCanonicalLocation(level.location.id);
      const quantities: Partial<Record<ShopifyReadState, number>> = {};
      for (const { name, quantity } of level.quantities) {
        const state = canonicalStateOf(name);
        if (state !== undefined) quantities[state] = quantity * units;
      }
      const observedAt =
        level.updatedAt != null && Number.isFinite(Date.parse(level.updatedAt)) ? level.updatedAt : readAt;
      return { sku, location, quantities, observedAt, raw: { inventoryItemId: item.id, sku: item.sku, ...level } };
    });
    if ('failure' in read) failures.push(read.failure);
    else records.push(read.value);
  });
  return { records, failures };
}
