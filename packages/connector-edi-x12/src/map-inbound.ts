import {
  type ConnectionMappingV2,
  captureItemFailure,
  type ItemFailureV2,
  MalformedPayloadError,
  type RemoteInventoryRecordV2,
  UnmappedSkuError,
} from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import type { PartnerProfile } from './edi-settings.ts';
import {
  type ReadInterchange,
  type ReadSegment,
  type ReadTransaction,
  type X12Problem,
  x12Timestamp,
} from './x12-read.ts';

export interface InboundContext {
  readonly mapping: ConnectionMappingV2;
  readonly partner: PartnerProfile;
  readonly interchange: ReadInterchange;
  readonly transaction: ReadTransaction;
  /** `inbox/<name>`, for messages and `raw`. */
  readonly path: string;
  /** The file's modification time: the observation time when the document carries no date. */
  readonly fileModifiedAt: string;
}

/** One detail line read: a canonical record or event, or the item failure it became. */
export type InboundItem<Value> = { readonly value: Value } | { readonly failure: ItemFailureV2 };

export interface InboundRead<Value> {
  readonly items: InboundItem<Value>[];
  /** Syntax problems (a malformed quantity) reject the transaction set; notes (an unmapped identifier) do not. */
  readonly problems: X12Problem[];
}

const where = (context: InboundContext, segment: ReadSegment) =>
  `${context.path} ST ${context.transaction.control} ${segment.tag} at segment ${segment.position}`;

/** The connection's SKU in a LIN/W07/W19: the value under the first qualifier the partner's profile prefers. */
function identifierOf(segment: ReadSegment, pairs: readonly number[], partner: PartnerProfile): Identifier | undefined {
  for (const qualifier of partner.inbound.identifierQualifiers) {
    for (const position of pairs) {
      if (segment.element(position) === qualifier && segment.element(position + 1).trim() !== '') {
        return { value: segment.element(position + 1).trim(), position: position + 1 };
      }
    }
  }
  return undefined;
}

/** An identifier and the element position it was read from (for the AK4 that names it). */
interface Identifier {
  readonly value: string;
  readonly position: number;
}

/**
 * An identifier no alias maps is not an X12 syntax error, so the set is accepted; the 997 still tells the partner
 * which line we could not take (AK5 E, AK3 on the segment, AK4 code 7 "invalid code value" on the element).
 */
function noteUnmapped<Value>(
  captured: InboundItem<Value>,
  segment: ReadSegment,
  identifier: Identifier,
  problems: X12Problem[],
): InboundItem<Value> {
  if ('failure' in captured && UnmappedSkuError.isInstance(captured.failure.error)) {
    problems.push({
      level: 'element',
      severity: 'note',
      code: '7',
      message: `${segment.tag} at segment ${segment.position}: no alias maps "${identifier.value}"`,
      segment: { tag: segment.tag, position: segment.position },
      element: { position: identifier.position, value: identifier.value },
    });
  }
  return captured;
}

function quantityOf(
  segment: ReadSegment,
  position: number,
  problems: X12Problem[],
  signed: boolean,
): number | undefined {
  const text = segment.element(position).trim();
  const pattern = signed ? /^-?\d+(\.0+)?$/ : /^\d+(\.0+)?$/;
  if (pattern.test(text)) return Number.parseInt(text, 10);
  problems.push({
    level: 'element',
    code: '6',
    message: `${segment.tag}${String(position).padStart(2, '0')} "${text}" at segment ${segment.position} is not a whole ${signed ? 'number' : 'non-negative number'}`,
    segment: { tag: segment.tag, position: segment.position },
    element: { position, value: text },
  });
  return undefined;
}

function locationIn(segment: ReadSegment, partner: PartnerProfile): string | undefined {
  if (segment.tag !== 'N1' || !partner.inbound.locationEntities.includes(segment.element(1))) return undefined;
  return segment.element(4).trim() || undefined;
}

function missingIdentifier(context: InboundContext, segment: ReadSegment): ItemFailureV2 {
  const qualifiers = context.partner.inbound.identifierQualifiers.join(', ');
  const error = new MalformedPayloadError({
    connection: context.mapping.connection,
    what: `${segment.tag} at segment ${segment.position} of ${context.path}`,
    path: segment.tag,
    problem: `it carries none of the identifier qualifiers ${qualifiers} of partner ${context.partner.name}; add the one it uses to inbound.identifierQualifiers`,
  });
  return { where: where(context, segment), error };
}

/**
 * An inbound 846 (a supplier's or 3PL's stock) as records: one per LIN loop, quantities from the QTY qualifiers
 * the profile maps, at the location of the LIN-level N1 loop, else the header's, else the profile's default.
 */
export function read846(context: InboundContext): InboundRead<RemoteInventoryRecordV2> {
  const { partner, mapping, transaction } = context;
  const problems: X12Problem[] = [];
  const items: InboundItem<RemoteInventoryRecordV2>[] = [];
  let headerLocation = partner.inbound.defaultLocation;
  let observedAt = context.interchange.preparedAt ?? context.fileModifiedAt;
  let current:
    | {
        segment: ReadSegment;
        sku: Identifier | undefined;
        location: string | undefined;
        quantities: Record<string, number>;
      }
    | undefined;
  const finish = () => {
    if (current === undefined) return;
    const line = current;
    current = undefined;
    if (line.sku === undefined) return void items.push({ failure: missingIdentifier(context, line.segment) });
    const identifier = line.sku;
    const externalSku = identifier.value;
    const captured = captureItemFailure(where(context, line.segment), () => {
      const sku = mapping.toCanonicalSku(externalSku);
      const location = mapping.toCanonicalLocation(line.location ?? '');
      const unitsPer = mapping.unitsPer(sku);
      const quantities = Object.fromEntries(
        Object.entries(line.quantities).map(([state, quantity]) => [state, quantity * unitsPer]),
      );
      const raw = {
        file: context.path,
        interchange: context.interchange.control,
        transaction: transaction.control,
        segment: line.segment.position,
        sku: externalSku,
        location: line.location,
      };
      return { sku, location, quantities, observedAt, raw };
    });
    items.push(noteUnmapped(captured, line.segment, identifier, problems));
  };
  for (const segment of transaction.segments) {
    if (segment.tag === 'BIA') observedAt = x12Timestamp(segment.element(4), segment.element(5)) ?? observedAt;
    else if (segment.tag === 'DTM' && segment.element(1) === '007' && current === undefined) {
      observedAt = x12Timestamp(segment.element(2), segment.element(3)) ?? observedAt;
    } else if (segment.tag === 'LIN') {
      finish();
      const pairs = Array.from({ length: 15 }, (_, index) => 2 + index * 2);
      current = { segment, sku: identifierOf(segment, pairs, partner), location: headerLocation, quantities: {} };
    } else if (segment.tag === 'QTY' && current !== undefined) {
      const state = partner.inbound.quantities[segment.element(1)];
      const quantity = quantityOf(segment, 2, problems, false);
      if (state !== undefined && quantity !== undefined) current.quantities[state] = quantity;
    } else if (segment.tag === 'N1') {
      const location = locationIn(segment, partner);
      if (location !== undefined && current !== undefined) current.location = location;
      else if (location !== undefined) headerLocation = location;
    } else if (segment.tag === 'CTT') finish();
  }
  finish();
  return { items, problems };
}

const adjustmentReasons: Record<string, 'found' | 'lost' | 'theft' | 'correction' | 'expired' | 'other'> = {
  // W1901 quantity or status adjustment reason codes seen in 3PL guides; others are corrections.
  '01': 'lost',
  '07': 'expired',
  '55': 'theft',
  AA: 'correction',
  PC: 'correction',
};

/**
 * An inbound 944 (warehouse stock transfer receipt: W17 header, N1*WH location, W07 lines) as receipts, or a 947
 * (warehouse inventory adjustment: W15 header, N1*WH, W19 lines with a signed W1902) as adjustments. Each line's
 * idempotency key is the sender, ISA13, ST02 and the line's segment position: a re-read, or the same interchange
 * dropped twice, is one change.
 */
export function readWarehouseAdvice(context: InboundContext): InboundRead<InventoryEvent> {
  const { partner, mapping, transaction, interchange } = context;
  const problems: X12Problem[] = [];
  const items: InboundItem<InventoryEvent>[] = [];
  let location = partner.inbound.defaultLocation;
  let occurredAt = interchange.preparedAt ?? context.fileModifiedAt;
  let reference: string | undefined;
  const receipt = transaction.id === '944';
  for (const segment of transaction.segments) {
    if (segment.tag === 'W17' || segment.tag === 'W15') {
      occurredAt = x12Timestamp(segment.element(segment.tag === 'W17' ? 2 : 1), undefined) ?? occurredAt;
      reference = segment.element(segment.tag === 'W17' ? 3 : 2).trim() || undefined;
    } else if (segment.tag === 'N1') {
      location = locationIn(segment, partner) ?? location;
    } else if (segment.tag === (receipt ? 'W07' : 'W19')) {
      const quantity = quantityOf(segment, receipt ? 1 : 2, problems, !receipt);
      if (quantity === undefined) continue;
      const upcPosition = receipt ? 3 : 4;
      const pairs = receipt ? [4, 6] : [5, 7];
      const upc = segment.element(upcPosition).trim();
      const identifier =
        identifierOf(segment, pairs, partner) ??
        (partner.inbound.identifierQualifiers.includes('UP') && upc !== ''
          ? { value: upc, position: upcPosition }
          : undefined);
      if (identifier === undefined) {
        items.push({ failure: missingIdentifier(context, segment) });
        continue;
      }
      if (quantity === 0) continue;
      const atLocation = location;
      const sku = identifier.value;
      const captured = captureItemFailure(where(context, segment), (): InventoryEvent => {
        const canonical = mapping.toCanonicalSku(sku);
        const base = {
          idempotencyKey: `${mapping.connection}/x12/${interchange.senderId}/${interchange.control}/${transaction.control}/${segment.position}`,
          source: mapping.connection,
          occurredAt,
          sku: canonical,
          location: mapping.toCanonicalLocation(atLocation ?? ''),
          raw: {
            file: context.path,
            interchange: interchange.control,
            transaction: transaction.control,
            segment: segment.position,
            sku,
            reference,
          },
        };
        const units = quantity * mapping.unitsPer(canonical);
        if (receipt) return { ...base, kind: 'receipt' as const, quantity: units };
        const code = segment.element(1);
        return {
          ...base,
          kind: 'adjustment' as const,
          change: units,
          reason: adjustmentReasons[code] ?? 'correction',
          note: `W1901 ${code}`,
        };
      });
      items.push(noteUnmapped(captured, segment, identifier, problems));
    }
  }
  return { items, problems };
}
