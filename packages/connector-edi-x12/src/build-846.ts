import type { PartnerProfile } from './edi-settings.ts';
import type { OutgoingTransaction } from './x12-interchange.ts';

/** One LIN loop: a SKU (the connection's name) at an optional location (the connection's id), and its quantity. */
export interface AdviceLine {
  readonly sku: string;
  readonly location: string | undefined;
  readonly quantity: number;
}

export interface AdviceDocument {
  readonly partner: PartnerProfile;
  /** Full advice (every value the partner gets) or delta (only what changed since the last one). */
  readonly kind: 'full' | 'delta';
  /** BIA03: unique per advice; the interchange control number keeps it so. */
  readonly reference: string;
  readonly at: Date;
  readonly lines: readonly AdviceLine[];
}

/**
 * The 004010 846 for one partner: BIA (00 original, the partner's report type; BIA06 action code `2` change for a
 * delta, `1` full), then one LIN loop per line with the partner's identifier qualifier, a QTY with its quantity
 * qualifier and unit, and an N1 loop naming the location where the partner wants locations; CTT counts the LIN
 * loops and hashes the quantities (CTT02 = ΣQTY02).
 */
export function build846(document: AdviceDocument): OutgoingTransaction {
  const outbound = document.partner.outbound;
  const date = document.at.toISOString().slice(0, 10).replaceAll('-', '');
  const time = document.at.toISOString().slice(11, 19).replaceAll(':', '');
  const segments: Array<readonly [string, readonly string[]]> = [
    ['BIA', ['00', outbound.reportType, document.reference, date, time, document.kind === 'full' ? '1' : '2']],
    ['DTM', ['007', date, time.slice(0, 4), 'UT']],
  ];
  for (const line of document.lines) {
    segments.push(['LIN', ['', outbound.identifierQualifier, line.sku]]);
    segments.push(['QTY', [outbound.quantityQualifier, String(line.quantity), outbound.unitOfMeasure]]);
    if (outbound.locations !== null && line.location !== undefined) {
      const { entityCode, idQualifier } = outbound.locations;
      segments.push(['N1', [entityCode, line.location, idQualifier, line.location]]);
    }
  }
  const hash = document.lines.reduce((sum, line) => sum + line.quantity, 0);
  segments.push(['CTT', [String(document.lines.length), String(hash)]]);
  return { id: '846', segments };
}
