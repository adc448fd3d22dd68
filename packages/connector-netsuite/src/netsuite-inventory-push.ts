import { createHash } from 'node:crypto';
import type {
  ConnectionMappingV2,
  PushItemResultV2,
  PushItemV2,
  PushRequestV2,
  PushResultV2,
} from '@stockwire/connector-spec';
import { ConnectorError, PermanentItemError } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { NetSuiteClient } from './netsuite-client.ts';
import { balancesOfItemsQuery, itemsByKeyQuery, type NetSuiteItemKey } from './netsuite-queries.ts';
import type { NetSuiteConnectorSettings } from './netsuite-settings.ts';
import { type StockUnit, StockUnitColumnsSchema, stockUnitOf, toStockUnits } from './netsuite-units-of-measure.ts';

export interface PushContext {
  readonly client: NetSuiteClient;
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly push: NonNullable<NetSuiteConnectorSettings['push']>;
  readonly itemKey: NetSuiteItemKey;
  readonly now: () => Date;
}

const BalanceRow = StockUnitColumnsSchema.extend({
  item: z.string(),
  itemkey: z.string(),
  quantityonhand: z.string().nullish(),
});
const ItemRow = StockUnitColumnsSchema.extend({
  id: z.string(),
  itemid: z.string(),
  itemkey: z.string(),
  matrixtype: z.string().nullish(),
});

interface Target {
  readonly item: PushItemV2;
  readonly itemName: string;
}

/**
 * Absolute on-hand targets become one `inventoryAdjustment` per location holding the difference from NetSuite's
 * on hand, read in this same call (never a delta computed earlier, which a receipt meanwhile would make wrong).
 * The external id comes from the request's idempotency key: NetSuite refuses a second record with the same one,
 * and a retry after a lost answer reads the adjusted balance and sends nothing.
 */
export async function pushNetSuiteAdjustments(request: PushRequestV2, context: PushContext): Promise<PushResultV2> {
  const results: PushItemResultV2[] = [];
  const byLocation = new Map<string, Target[]>();
  let requestsMade = 0;
  for (const item of request.items) {
    try {
      if (item.location === undefined)
        throw new PermanentItemError({
          connection: context.connection,
          item: item.sku,
          reason: 'NetSuite keeps stock per location and the item names none',
        });
      const location = context.mapping.toExternalLocation(item.location);
      const targets = byLocation.get(location) ?? [];
      targets.push({ item, itemName: context.mapping.toExternalSku(item.sku) });
      byLocation.set(location, targets);
    } catch (error) {
      if (!ConnectorError.isInstance(error)) throw error;
      results.push({ key: item.key, outcome: 'failed', error });
    }
  }
  for (const [location, targets] of byLocation) {
    const outcome = await adjustLocation(location, targets, request.idempotencyKey, context);
    requestsMade += outcome.requestsMade;
    results.push(...outcome.results);
  }
  return { results, requestsMade };
}

async function adjustLocation(
  location: string,
  targets: readonly Target[],
  idempotencyKey: string,
  context: PushContext,
) {
  const names = [...new Set(targets.map((target) => target.itemName))];
  const balances = await context.client.suiteQl({
    query: balancesOfItemsQuery(context.itemKey, names.length),
    params: [location, ...names],
    limit: 1_000,
  });
  let requestsMade = 1;
  // On hand in base units, as SuiteQL stores it; the stock unit only for writing the adjustment line.
  const current = new Map<string, { id: string; onHand: number; unit: StockUnit | undefined }>();
  const matrixParents = new Map<string, string>();
  for (const row of balances.items) {
    const parsed = BalanceRow.safeParse(row);
    if (parsed.success)
      current.set(parsed.data.itemkey, {
        id: parsed.data.item,
        onHand: Number(parsed.data.quantityonhand ?? 0),
        unit: stockUnitOf(parsed.data),
      });
  }
  const missing = names.filter((name) => !current.has(name));
  if (missing.length > 0) {
    // An item never stocked at this location has no balance row yet: it holds zero there.
    const items = await context.client.suiteQl({
      query: itemsByKeyQuery(context.itemKey, missing.length),
      params: missing,
      limit: 1_000,
    });
    requestsMade++;
    for (const row of items.items) {
      const parsed = ItemRow.safeParse(row);
      if (!parsed.success) continue;
      if (parsed.data.matrixtype === 'PARENT') matrixParents.set(parsed.data.itemkey, parsed.data.itemid);
      else current.set(parsed.data.itemkey, { id: parsed.data.id, onHand: 0, unit: stockUnitOf(parsed.data) });
    }
  }
  const results: PushItemResultV2[] = [];
  const lines: Array<{ target: Target; id: string; adjustQtyBy: number }> = [];
  for (const target of targets) {
    const balance = current.get(target.itemName);
    const { item } = target;
    const parent = matrixParents.get(target.itemName);
    if (balance === undefined) {
      const reason =
        parent === undefined
          ? `NetSuite has no item whose ${context.itemKey} is "${target.itemName}"; create it or map the SKU to it`
          : `NetSuite item ${parent} is a matrix parent, which is never stocked; map the SKU to one of its child items`;
      results.push({
        key: item.key,
        outcome: 'failed',
        error: new PermanentItemError({ connection: context.connection, item: item.sku, reason }),
      });
    } else if (balance.onHand === item.quantity) {
      // Checked before the expectation: a retry of a request that already took effect is done, not stale.
      results.push({ key: item.key, outcome: 'unchanged', remoteQuantity: item.quantity });
    } else if (item.expectedRemote !== undefined && balance.onHand !== item.expectedRemote) {
      results.push({ key: item.key, outcome: 'stale', remoteQuantity: balance.onHand });
    } else {
      try {
        const adjustQtyBy = toStockUnits(item.quantity - balance.onHand, balance.unit, {
          connection: context.connection,
          sku: item.sku,
        });
        lines.push({ target, id: balance.id, adjustQtyBy });
      } catch (error) {
        if (!ConnectorError.isInstance(error)) throw error;
        results.push({ key: item.key, outcome: 'failed', error });
      }
    }
  }
  if (lines.length === 0) return { results, requestsMade };
  const body = {
    externalId: `stockwire-${createHash('sha256').update(`${idempotencyKey}|${location}`).digest('hex').slice(0, 40)}`,
    account: { id: context.push.adjustmentAccount },
    ...(context.push.subsidiary === undefined ? {} : { subsidiary: { id: context.push.subsidiary } }),
    adjLocation: { id: location },
    tranDate: context.now().toISOString().slice(0, 10),
    memo: context.push.memo,
    inventory: {
      items: lines.map((line) => ({
        item: { id: line.id },
        location: { id: location },
        adjustQtyBy: line.adjustQtyBy,
      })),
    },
  };
  try {
    await context.client.createRecord('inventoryAdjustment', body, 'createInventoryAdjustment');
    requestsMade++;
  } catch (error) {
    // Retryable failures (rate limits, outages) fail the call so the runner retries the whole flush.
    if (!ConnectorError.isInstance(error) || error.retryable) throw error;
    requestsMade++;
    for (const line of lines) results.push({ key: line.target.item.key, outcome: 'failed', error });
    return { results, requestsMade };
  }
  for (const line of lines)
    results.push({ key: line.target.item.key, outcome: 'written', remoteQuantity: line.target.item.quantity });
  return { results, requestsMade };
}
