import { captureItemFailure, MalformedPayloadError, PermanentItemError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { suiteQlTimestampToIso } from './map-netsuite-balances.ts';
import type { MappedTransactionLine, TransactionLineContext } from './map-netsuite-transactions.ts';
import { ItemKeyColumnsSchema, itemKeyOf } from './netsuite-item-key.ts';

const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
const quantity = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .nullish();

export const SalesOrderLineRowSchema = ItemKeyColumnsSchema.extend({
  transaction: z.string().regex(/^\d+$/),
  line: z.string().regex(/^\d+$/),
  tranid: z.string().nullish(),
  /** `B` pending fulfilment … `C` cancelled, `H` closed (SuiteQL may also write it `SalesOrd:C`). */
  status: z.string().nullish(),
  createddate: timestamp,
  lastmodifieddate: timestamp,
  item: z.string().regex(/^\d+$/),
  location: z.string().regex(/^\d+$/).nullish(),
  /** Sales order lines are signed from the stock's side: an ordered line reads negative. */
  quantity: z.string().regex(/^-?\d+(\.\d+)?$/),
  quantitycommitted: quantity,
  quantityshiprecv: quantity,
  isclosed: z.string().nullish(),
});
export type SalesOrderLineRow = z.infer<typeof SalesOrderLineRowSchema>;

const endedStatuses = new Set(['C', 'H']);
const units = (value: string | null | undefined, unitsPer: number) =>
  Math.floor(Math.abs(Number(value ?? 0))) * unitsPer;

/** What a sales order line becomes, for the README. */
export const netSuiteSalesOrderEventTable = [
  { netSuite: 'open line with committed or fulfilled units', canonical: 'reservation-created (the ordered quantity)' },
  { netSuite: 'ItemShip created from the order', canonical: 'shipment and reservation-consumed (the shipped units)' },
  {
    netSuite: 'line closed, or order cancelled (C) or closed (H)',
    canonical: 'reservation-released (ordered less fulfilled)',
  },
  { netSuite: 'open line with nothing committed (back-ordered, pending approval)', canonical: 'none yet' },
] as const;

/**
 * A sales order line as NetSuite holds it now, as reservations at the line's location, mapped from its state (not
 * from what changed), so the same line read again gives the same events. One key for the hold and one for its
 * release, both naming the transaction line; the units that ship end the hold through the fulfilment's own line
 * (map-netsuite-transactions.ts), so a partial fulfilment ends exactly what left. The hold is the whole ordered
 * quantity once NetSuite commits any of it: a partly back-ordered line holds more than NetSuite commits until the
 * next snapshot sets committed (NetSuite's own total), which errs on the side of selling less, never more.
 */
export function salesOrderLineEvents(row: SalesOrderLineRow, context: TransactionLineContext): InventoryEvent[] {
  const { mapping, connection, account } = context;
  const sku = mapping.toCanonicalSku(itemKeyOf(row, context.itemKey, connection));
  const per = mapping.unitsPer(sku);
  const ordered = units(row.quantity, per);
  const committed = units(row.quantitycommitted, per);
  const fulfilled = Math.min(ordered, units(row.quantityshiprecv, per));
  const status = row.status?.split(':').at(-1) ?? '';
  const ended = row.isclosed === 'T' || endedStatuses.has(status);
  if (ordered === 0 || (!ended && committed + fulfilled === 0)) return [];
  if (row.location == null) {
    throw new PermanentItemError({
      connection,
      item: `sales order ${row.tranid ?? row.transaction} line ${row.line}`,
      reason: 'the line names no location, so its hold has nowhere to be kept; set the line or order location',
    });
  }
  const lineKey = `netsuite:${account}:transaction:${row.transaction}:line:${row.line}`;
  const base = {
    source: connection,
    sku,
    location: mapping.toCanonicalLocation(row.location),
    quantity: ordered,
    orderReference: row.transaction,
    lineReference: row.line,
    raw: row,
  };
  const created: InventoryEvent = {
    ...base,
    kind: 'reservation-created',
    idempotencyKey: `${lineKey}:reserved`,
    occurredAt: suiteQlTimestampToIso(row.createddate) ?? '',
  };
  const remaining = ordered - fulfilled;
  // An ended line always carries its hold with its release: if the hold was never read (the order was placed and
  // cancelled between two polls) the pair nets to nothing; if it was, the hold is a duplicate and the release ends it.
  if (!ended || remaining === 0) return [created];
  const released: InventoryEvent = {
    ...base,
    kind: 'reservation-released',
    quantity: remaining,
    reason: 'cancelled',
    idempotencyKey: `${lineKey}:released`,
    occurredAt: suiteQlTimestampToIso(row.lastmodifieddate) ?? '',
  };
  return [created, released];
}

export function mapSalesOrderLine(
  candidate: unknown,
  index: number,
  context: TransactionLineContext,
): MappedTransactionLine {
  const parsed = SalesOrderLineRowSchema.safeParse(candidate);
  if (!parsed.success) {
    return {
      failure: {
        where: `items[${index}]`,
        error: MalformedPayloadError.fromZodError('a SuiteQL row of a sales order line', parsed.error, {
          connection: context.connection,
          vendorBody: candidate,
        }),
      },
    };
  }
  const row = parsed.data;
  const where = `sales order ${row.tranid ?? row.transaction} line ${row.line} (item ${row.itemid})`;
  const mapped = captureItemFailure(where, () => salesOrderLineEvents(row, context));
  return 'failure' in mapped ? { failure: mapped.failure } : { events: mapped.value };
}
