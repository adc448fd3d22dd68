import type { PushItemResultV2, PushItemV2, PushRequestV2, PushResultV2 } from '@stockwire/connector-spec';
import { ConnectorError, PermanentItemError, RequestRejectedError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { inventoryReplaceDocument, warehouseProductLevelDocument } from './shiphero-documents.ts';
import type { PageContext } from './shiphero-inventory-read.ts';
import { estimatedCredits } from './shiphero-rate-limits.ts';

/** `inventory_replace` takes one SKU × warehouse per call; a batch is that many reads and at most that many writes. */
export const shipHeroMaxPushBatchSize = 20;

const LevelSchema = z.object({
  warehouse_products: z
    .object({
      data: z
        .object({ edges: z.array(z.object({ node: z.object({ on_hand: z.number().int().nullish() }).nullish() })) })
        .nullish(),
    })
    .nullish(),
});

const ReplacedSchema = z.object({
  inventory_replace: z
    .object({ warehouse_product: z.object({ on_hand: z.number().int().nullish() }).nullish() })
    .nullish(),
});

/**
 * Pushes each item's quantity (in ShipHero's units) as the warehouse product's on hand with `inventory_replace`,
 * after reading what ShipHero holds: an equal value is `unchanged` and not written; a value that is not what the
 * engine expected (someone counted in the warehouse) is `stale` and not overwritten. ShipHero offers no
 * compare-and-set, so a count landing between the read and the write can still be overwritten.
 */
export async function pushShipHeroInventory(request: PushRequestV2, context: PageContext): Promise<PushResultV2> {
  const results: PushItemResultV2[] = [];
  let requestsMade = 0;
  for (const item of request.items) {
    if (item.location === undefined) {
      const reason = 'ShipHero keeps stock per warehouse: the channel needs a publishLocation that maps to one';
      const error = new PermanentItemError({ connection: context.connection, item: item.sku, reason });
      results.push({ key: item.key, outcome: 'failed', error });
      continue;
    }
    let sku: string;
    let warehouse: string;
    try {
      sku = context.mapping.toExternalSku(item.sku);
      warehouse = context.mapping.toExternalLocation(item.location);
    } catch (error) {
      if (!ConnectorError.isInstance(error)) throw error;
      results.push({ key: item.key, outcome: 'failed', error });
      continue;
    }
    try {
      requestsMade++;
      const current = await currentOnHand(sku, warehouse, context);
      if (current === item.quantity) {
        results.push({ key: item.key, outcome: 'unchanged', remoteQuantity: current });
        continue;
      }
      if (item.expectedRemote !== undefined && current !== undefined && current !== item.expectedRemote) {
        results.push({ key: item.key, outcome: 'stale', remoteQuantity: current });
        continue;
      }
      requestsMade++;
      results.push({ key: item.key, outcome: 'written', remoteQuantity: await replace(item, sku, warehouse, context) });
    } catch (error) {
      // A refused item fails alone; anything about the account or the connection (rate limits, faults) fails the call.
      if (!RequestRejectedError.isInstance(error)) throw error;
      results.push({ key: item.key, outcome: 'failed', error });
    }
  }
  return { results, requestsMade };
}

async function currentOnHand(sku: string, warehouse: string, context: PageContext): Promise<number | undefined> {
  const data = await context.graphql.request({
    operation: 'WarehouseProductLevel',
    document: warehouseProductLevelDocument,
    rootField: 'warehouse_products',
    variables: { sku, warehouseId: warehouse, ...customer(context) },
    estimatedCost: estimatedCredits(1),
  });
  const node = LevelSchema.safeParse(data).data?.warehouse_products?.data?.edges[0]?.node;
  return node?.on_hand ?? undefined;
}

async function replace(item: PushItemV2, sku: string, warehouse: string, context: PageContext): Promise<number> {
  const data = await context.graphql.request({
    operation: 'InventoryReplace',
    document: inventoryReplaceDocument,
    rootField: 'inventory_replace',
    variables: {
      data: {
        sku,
        warehouse_id: warehouse,
        quantity: item.quantity,
        reason: context.settings.pushReason,
        ...(context.settings.customerAccountId === undefined
          ? {}
          : { customer_account_id: context.settings.customerAccountId }),
      },
    },
    estimatedCost: estimatedCredits(0) + 10,
  });
  return ReplacedSchema.safeParse(data).data?.inventory_replace?.warehouse_product?.on_hand ?? item.quantity;
}

function customer(context: PageContext) {
  return context.settings.customerAccountId === undefined
    ? {}
    : { customerAccountId: context.settings.customerAccountId };
}
