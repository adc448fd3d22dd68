import { PermanentItemError } from '@stockwire/connector-spec';
import { z } from 'zod';
import type { NetSuiteItemKey } from './netsuite-queries.ts';

/** The two item columns every query selects: the item name, for messages, and the value of the chosen item key. */
export const ItemKeyColumnsSchema = z.object({
  itemid: z.string().min(1),
  itemkey: z.string().nullish(),
});

const settingName: Readonly<Record<NetSuiteItemKey, string>> = {
  itemId: 'item name (itemid)',
  upcCode: 'UPC code (upccode)',
  externalId: 'external id (externalid)',
};

/**
 * The external SKU of a row under the connection's `itemKey`. An item without that field (no UPC code, no external
 * id) cannot be matched to any SKU: a typed item failure naming the item, never a fall-back to another field, which
 * could match a different SKU.
 */
export function itemKeyOf(
  row: z.infer<typeof ItemKeyColumnsSchema>,
  itemKey: NetSuiteItemKey,
  connection: string,
): string {
  const value = row.itemkey?.trim();
  if (value !== undefined && value.length > 0) return value;
  throw new PermanentItemError({
    connection,
    item: row.itemid,
    reason: `the NetSuite item ${row.itemid} has no ${settingName[itemKey]}, the field the connection's itemKey maps SKUs by; fill it in NetSuite or choose another itemKey`,
  });
}
