import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { z } from 'zod';
import { suiteQlTimestampToIso } from './map-netsuite-balances.ts';
import { ItemKeyColumnsSchema, itemKeyOf } from './netsuite-item-key.ts';
import type { NetSuiteItemKey } from './netsuite-queries.ts';

const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

export const TransactionLineRowSchema = ItemKeyColumnsSchema.extend({
  transaction: z.string().regex(/^\d+$/),
  line: z.string().regex(/^\d+$/),
  type: z.string().min(1),
  tranid: z.string().nullish(),
  trandate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  lastmodifieddate: timestamp,
  item: z.string().regex(/^\d+$/),
  location: z.string().regex(/^\d+$/),
  /** Signed in the direction of the stock movement on inventory-affecting lines (a fulfilment line is negative). */
  quantity: z.string().regex(/^-?\d+(\.\d+)?$/),
  /** The order the line was created from (a fulfilment's sales or transfer order), its type and creation time. */
  createdfrom: z.string().nullish(),
  createdfromtype: z.string().nullish(),
  createdfromdate: timestamp.nullish(),
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

export interface TransactionLineContext {
  readonly mapping: ConnectionMappingV2;
  readonly connection: string;
  readonly account: string;
  readonly itemKey: NetSuiteItemKey;
  /**
   * With reservations on: sales orders created at or after this `YYYY-MM-DD HH:MM:SS` hold reservations, so their
   * fulfilments also consume them. Undefined: reservations are off and a fulfilment is a shipment only.
   */
  readonly reservationsCreatedAfter?: string | undefined;
}

/** Whether a fulfilment line ships a sales order whose lines the orders feed reserved. */
function consumesReservation(row: TransactionLineRow, context: TransactionLineContext): boolean {
  const after = context.reservationsCreatedAfter;
  if (after === undefined || row.type !== 'ItemShip' || row.createdfromtype !== 'SalesOrd') return false;
  return row.createdfrom != null && row.createdfromdate != null && row.createdfromdate >= after;
}

export function transactionLineEvents(row: TransactionLineRow, context: TransactionLineContext): InventoryEvent[] {
  const { mapping, connection, account } = context;
  const sku = mapping.toCanonicalSku(itemKeyOf(row, context.itemKey, connection));
  const location = mapping.toCanonicalLocation(row.location);
  // `transactionline.quantity` is stored in the item's base unit even when the line was entered in cases (the
  // line's unit is only `transactionline.units`, see netsuite-units-of-measure.ts), so it needs no conversion.
  const change = Math.trunc(Number(row.quantity)) * mapping.unitsPer(sku);
  if (change === 0) return [];
  const lineKey = `netsuite:${account}:transaction:${row.transaction}:line:${row.line}`;
  const base = {
    // The line is the unit of change: a page read twice gives the same keys, so the engine applies it once.
    idempotencyKey: lineKey,
    source: connection,
    occurredAt: transactionOccurredAt(row),
    sku,
    location,
    raw: row,
  };
  const reference = row.tranid ?? row.transaction;
  if (adjustmentTypes.has(row.type)) {
    return [{ ...base, kind: 'adjustment', change, reason: 'correction', note: `NetSuite ${row.type} ${reference}` }];
  }
  if (change > 0) return [{ ...base, kind: 'receipt', quantity: change }];
  const shipment: InventoryEvent = { ...base, kind: 'shipment', quantity: -change };
  if (!consumesReservation(row, context)) return [shipment];
  // NetSuite is on hand and committed at once here: the parcel leaves on hand (the shipment) and the order's hold
  // ends with it (event-effects.ts: one event per concern). NetSuite links a fulfilment line to its order line
  // only through NextTransactionLineLink, which is not read; the engine needs the order, not the line, for a hold
  // the connector reported itself, so the line reference names this fulfilment line.
  const consumed: InventoryEvent = {
    ...base,
    idempotencyKey: `${lineKey}:consumed`,
    kind: 'reservation-consumed',
    quantity: -change,
    orderReference: `${row.createdfrom}`,
    lineReference: `fulfilment ${row.transaction} line ${row.line}`,
  };
  return [shipment, consumed];
}

export interface MappedTransactionLine {
  readonly events?: InventoryEvent[] | undefined;
  readonly failure?: ItemFailureV2 | undefined;
}

export function mapTransactionLine(
  candidate: unknown,
  index: number,
  context: TransactionLineContext,
): MappedTransactionLine {
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
  const mapped = captureItemFailure(where, () => transactionLineEvents(row, context));
  return 'failure' in mapped ? { failure: mapped.failure } : { events: mapped.value };
}
