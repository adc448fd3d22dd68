import { type OwnIdentity, PartnerProfileSchema } from '../edi-settings.ts';
import { type OutgoingTransaction, writeInterchange } from '../x12-interchange.ts';

/** Our identity in the test connections; partners address their documents to it. */
export const stockwireIdentity: OwnIdentity = {
  qualifier: 'ZZ',
  id: 'STOCKWIRE',
  separators: { element: '*', component: '>', segment: '~' },
};

type Segment = readonly [string, readonly string[]];

/**
 * A document as the partner `senderId` sends it to us, written by node-x12 like our own: 846, 944 and 947 bodies
 * follow the 004010 structures (bots-grammars x12/4010/846004010.py, 944004010.py, 947004010.py).
 */
export function partnerInterchange(
  senderId: string,
  control: number,
  functionalId: 'IB' | 'RE' | 'AW' | 'FA',
  transactions: readonly OutgoingTransaction[],
  at = new Date(),
): string {
  return writeInterchange({
    identity: { ...stockwireIdentity, id: senderId },
    partner: PartnerProfileSchema.parse({ name: 'stockwire', qualifier: 'ZZ', id: 'STOCKWIRE' }),
    functionalId,
    numbers: { interchange: control, group: control, transaction: 1 },
    at,
    transactions,
  });
}

const dateOf = (at: Date) => at.toISOString().slice(0, 10).replaceAll('-', '');

/** An 846 line: LIN*SK, a QTY per qualifier, and a LIN-level N1*WH naming the location. */
export interface InventoryLine {
  readonly sku: string;
  readonly location: string;
  readonly quantities: Readonly<Record<string, number | string>>;
}

export function inventoryAdvice(lines: readonly InventoryLine[], at = new Date()): OutgoingTransaction {
  const segments: Segment[] = [['BIA', ['00', 'DD', `REF${at.getTime()}`, dateOf(at), '0000']]];
  for (const line of lines) {
    segments.push(['LIN', ['', 'SK', line.sku]]);
    for (const [qualifier, quantity] of Object.entries(line.quantities))
      segments.push(['QTY', [qualifier, String(quantity), 'EA']]);
    segments.push(['N1', ['WH', 'Warehouse', '92', line.location]]);
  }
  segments.push(['CTT', [String(lines.length)]]);
  return { id: '846', segments };
}

/** A 947 set at one warehouse (W15, N1*WH, then W19 lines: reason AA, signed quantity, EA, SK identifier). */
export function warehouseAdjustment(
  location: string,
  lines: ReadonlyArray<{ sku: string; change: number | string }>,
  at = new Date(),
): OutgoingTransaction {
  const segments: Segment[] = [
    ['W15', [dateOf(at), `ADJ${at.getTime()}`]],
    ['N1', ['WH', 'Warehouse', '9', location]],
  ];
  for (const line of lines) segments.push(['W19', ['AA', String(line.change), 'EA', '', 'SK', line.sku]]);
  return { id: '947', segments };
}

/** A 944 receipt at one warehouse (W17 F, N1*WH, W07 lines: quantity, EA, UPC case code empty, SK identifier, W14). */
export function warehouseReceipt(
  location: string,
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
  at = new Date(),
): OutgoingTransaction {
  const segments: Segment[] = [
    ['W17', ['F', dateOf(at), `RCPT${at.getTime()}`, 'PO-1']],
    ['N1', ['WH', 'Warehouse', '9', location]],
  ];
  for (const line of lines) segments.push(['W07', [String(line.quantity), 'EA', '', 'SK', line.sku]]);
  segments.push(['W14', [String(lines.reduce((sum, line) => sum + line.quantity, 0))]]);
  return { id: '944', segments };
}
