import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { suiteQlTimestampToIso } from './map-netsuite-balances.ts';

export const TransactionLineRowSchema = z.object({
  transaction: z.string().regex(/^\d+$/),
  line: z.string().regex(/^\d+$/),
  type: z.string().min(1),
  tranid: z.string().nullish(),
  trandate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastmodifieddate: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  item: z.string().regex(/^\d+$/),
  itemid: z.string().min(1),
  location: z.string().regex(/^\d+$/),
  /** Signed in the direction of the stock movement on inventory-affecting lines (a fulfilment line is negative). */
  quantity: z.string().regex(/^-?\d+(\.\d+)?$/),
});
export type TransactionLineRow = z.infer<typeof TransactionLineRowSchema>;

/** Transaction types whose lines are corrections of a count, not goods arriving or leaving. */
const adjustmentTypes = new Set(['InvAdjst', 'InvCount', 'InvWksht', 'InvTrnfr', 'BinTrnfr', 'InvDistr']);

/**
 * What a transaction line becomes: receipts and return receipts (`ItemRcpt`) in, fulfilments (`ItemShip`, also of
 * transfer orders) out, adjustments, counts and transfers as signed corrections. Any other inventory-affecting
 * type follows its sign. Zero-quantity lines change nothing and give no event.
 */
export const netSuiteTransactionEventTable = [
  { netSuite: 'ItemRcpt (receipt of a purchase order, transfer order or return authorisation)', canonical: 'receipt' },
  { netSuite: 'ItemShip (fulfilment of a sales or transfer order)', canonical: 'shipment' },
  { netSuite: 'InvAdjst, InvCount, InvWksht, InvTrnfr, BinTrnfr, InvDistr', canonical: 'adjustment (correction)' },
  { netSuite: 'other inventory-affecting types', canonical: 'receipt when positive, shipment when negative' },
] as const;

/**
 * The transaction's date, with the time of its last change when that change was on the same day (so events of
 * one day keep their order); a back-dated transaction keeps its own date at midnight UTC.
 */
export function transactionOccurredAt(row: TransactionLineRow): string {
  const modified = suiteQlTimestampToIso(row.lastmodifieddate);
  if (modified?.startsWith(row.trandate)) return modified;
  return `${row.trandate}T00:00:00.000Z`;
}

export function transactionLineEvent(
  row: TransactionLineRow,
  mapping: ConnectionMappingV2,
  connection: string,
  account: string,
): InventoryEvent | undefined {
  const sku = mapping.toCanonicalSku(row.itemid);
  const location = mapping.toCanonicalLocation(row.location);
  // `transactionline.quantity` is stored in the item's base unit even when the line was entered in cases (the
  // line's unit is only `transactionline.units`, see netsuite-units-of-measure.ts), so it needs no conversion.
  const change = Math.trunc(Number(row.quantity)) * mapping.unitsPer(sku);
  if (change === 0) return undefined;
  const base = {
    // The line is the unit of change: a page read twice gives the same keys, so the engine applies it once.
    idempotencyKey: `netsuite:${account}:transaction:${row.transaction}:line:${row.line}`,
    source: connection,
    occurredAt: transactionOccurredAt(row),
    sku,
    location,
    raw: row,
  };
  const reference = row.tranid ?? row.transaction;
  if (adjustmentTypes.has(row.type)) {
    return { ...base, kind: 'adjustment', change, reason: 'correction', note: `NetSuite ${row.type} ${reference}` };
  }
  if (change > 0) return { ...base, kind: 'receipt', quantity: change };
  return { ...base, kind: 'shipment', quantity: -change };
}

export interface MappedTransactionLine {
  readonly event?: InventoryEvent | undefined;
  readonly failure?: ItemFailureV2 | undefined;
}

export function mapTransactionLine(
  candidate: unknown,
  index: number,
  context: { mapping: ConnectionMappingV2; connection: string; account: string },
): MappedTransactionLine & { row?: TransactionLineRow } {
  const parsed = TransactionLineRowSchema.safeParse(candidate);
  if (!parsed.success) {
    return {
      failure: {
        where: `items[${index}]`,
        error: MalformedPayloadError.fromZodError('a SuiteQL row of transactionline', parsed.error, {
          connection: context.connection,
          vendorBody: candidate,
        }),
      },
    };
  }
  const row = parsed.data;
  const where = `transaction ${row.transaction} line ${row.line} (item ${row.itemid} at location ${row.location})`;
  const mapped = captureItemFailure(where, () =>
    transactionLineEvent(row, context.mapping, context.connection, context.account),
  );
  return 'failure' in mapped ? { failure: mapped.failure, row } : { event: mapped.value, row };
}
