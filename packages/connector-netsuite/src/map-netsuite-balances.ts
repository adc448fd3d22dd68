import type { ConnectionMappingV2, ItemFailureV2, RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { ItemKeyColumnsSchema, itemKeyOf } from './netsuite-item-key.ts';
import type { NetSuiteItemKey } from './netsuite-queries.ts';

/**
 * How one NetSuite balance (item × location, `aggregateitemlocation`) becomes canonical states. On order is not a
 * state (incoming stock is announced per delivery, never as a total) and back-ordered is demand, not stock: both
 * stay in `raw` for audits.
 */
export const netSuiteBalanceStateTable = [
  { netSuite: 'quantityonhand', canonical: 'onHand' },
  { netSuite: 'quantitycommitted', canonical: 'committed' },
  { netSuite: 'quantityintransit', canonical: 'inTransit' },
  { netSuite: 'quantityavailable', canonical: 'available (reported beside the states, never stored)' },
  { netSuite: 'quantityonorder', canonical: '(none: raw only; purchase orders are not a total state)' },
  { netSuite: 'quantitybackordered', canonical: '(none: raw only; demand, not stock)' },
] as const;

/** SuiteQL sends numbers as strings and leaves out null columns altogether. */
const quantity = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'a number as text')
  .nullish();

export const BalanceRowSchema = ItemKeyColumnsSchema.extend({
  item: z.string().regex(/^\d+$/),
  location: z.string().regex(/^\d+$/),
  quantityonhand: quantity,
  quantityavailable: quantity,
  quantitycommitted: quantity,
  quantityonorder: quantity,
  quantityintransit: quantity,
  quantitybackordered: quantity,
  lastquantityavailablechange: z.string().nullish(),
});
export type BalanceRow = z.infer<typeof BalanceRowSchema>;

/**
 * NetSuite allows negative on hand (posting ahead of receipts); canonical stock never goes below zero. The columns
 * are already in the item's base unit, also for an item kept in cases (see netsuite-units-of-measure.ts), so only
 * a fraction remains to settle: it rounds down, never to the nearest, because 59.5 rounded is 60 and the 60th
 * unit sold would be one NetSuite does not have; under-selling half a unit is the safe side of sellable stock.
 */
const units = (value: string | null | undefined, unitsPer: number) =>
  Math.max(0, Math.floor(Number(value ?? 0))) * unitsPer;

/** `YYYY-MM-DD HH:MM:SS` in the account's time zone (UTC, see README) as an ISO-8601 instant. */
export function suiteQlTimestampToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(value);
  return match === null ? undefined : `${match[1]}T${match[2]}.000Z`;
}

export interface MappedBalances {
  readonly records: RemoteInventoryRecordV2[];
  readonly failures: ItemFailureV2[];
  /** The key of the last row read (mapped or not), where the next page starts. */
  readonly last: { item: string; location: string } | undefined;
}

/**
 * Rows of one page into canonical records. The observation time is NetSuite's `lastquantityavailablechange`; a
 * balance that never changed has none, and then the receive time stands in.
 */
export function balanceRecords(
  rows: readonly unknown[],
  mapping: ConnectionMappingV2,
  receivedAt: string,
  connection: string,
  itemKey: NetSuiteItemKey = 'itemId',
): MappedBalances {
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  let last: MappedBalances['last'];
  rows.forEach((candidate, index) => {
    const parsed = BalanceRowSchema.safeParse(candidate);
    if (!parsed.success) {
      failures.push({
        where: `items[${index}]`,
        error: MalformedPayloadError.fromZodError('a SuiteQL row of aggregateitemlocation', parsed.error, {
          connection,
          vendorBody: candidate,
        }),
      });
      return;
    }
    const row = parsed.data;
    last = { item: row.item, location: row.location };
    const where = `item ${row.itemid} (${row.item}) at location ${row.location}`;
    const mapped = captureItemFailure(where, () => {
      const sku = mapping.toCanonicalSku(itemKeyOf(row, itemKey, connection));
      const location = mapping.toCanonicalLocation(row.location);
      const per = mapping.unitsPer(sku);
      const observedAt =
        row.lastquantityavailablechange == null ? undefined : suiteQlTimestampToIso(row.lastquantityavailablechange);
      return {
        sku,
        location,
        quantities: {
          onHand: units(row.quantityonhand, per),
          committed: units(row.quantitycommitted, per),
          inTransit: units(row.quantityintransit, per),
          available: units(row.quantityavailable, per),
        },
        observedAt: observedAt ?? receivedAt,
        raw: row,
      } satisfies RemoteInventoryRecordV2;
    });
    if ('failure' in mapped) failures.push(mapped.failure);
    else records.push(mapped.value);
  });
  return { records, failures, last };
}
