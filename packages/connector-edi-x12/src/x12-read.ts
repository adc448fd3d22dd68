import { type X12Interchange, X12Parser, type X12Segment } from 'node-x12';

/** A segment with its elements 1-based as X12 numbers them (`element(2)` is QTY02) and its position in the set. */
export interface ReadSegment {
  readonly tag: string;
  /** Position in the transaction set, ST = 1 (what AK302 reports). */
  readonly position: number;
  element(index: number): string;
  readonly elementCount: number;
}

/** A syntax problem as a 997 reports it: AK3/AK4 for a segment or element, AK5 for the set, AK9 for the group. */
export interface X12Problem {
  readonly level: 'interchange' | 'group' | 'transaction' | 'segment' | 'element';
  /** A note is reported (AK5 E, accepted with errors) but rejects nothing; every other problem rejects its set. */
  readonly severity?: 'note' | undefined;
  readonly message: string;
  /** AK5 (transaction), AK3 (segment) or AK4 (element) error code; AK9 codes for the group level. */
  readonly code: string;
  readonly segment?: { readonly tag: string; readonly position: number } | undefined;
  /** AK401 element position, with the bad value for AK404. */
  readonly element?: { readonly position: number; readonly value: string } | undefined;
}

export interface ReadTransaction {
  readonly id: string;
  readonly control: string;
  readonly segments: readonly ReadSegment[];
  readonly problems: X12Problem[];
}

export interface ReadGroup {
  readonly functionalId: string;
  readonly control: string;
  readonly transactions: readonly ReadTransaction[];
  readonly problems: X12Problem[];
}

export interface ReadInterchange {
  readonly senderQualifier: string;
  readonly senderId: string;
  readonly receiverQualifier: string;
  readonly receiverId: string;
  /** ISA13 as written (leading zeros kept), the basis of idempotency keys. */
  readonly control: string;
  /** ISA09 + ISA10 as an ISO timestamp, UTC assumed. */
  readonly preparedAt: string | undefined;
  readonly groups: readonly ReadGroup[];
  readonly problems: X12Problem[];
}

export class X12ReadError extends Error {}

/**
 * Parses a file of one or more interchanges with node-x12 (delimiters from each ISA, never hard-coded), in its
 * lenient mode so a wrong count is a problem we can answer in a 997, not an exception. Trailer counts and control
 * numbers are checked here (SE01/SE02, GE01/GE02, IEA01/IEA02), each as a problem naming its segment.
 */
export function readInterchanges(text: string): ReadInterchange[] {
  const cleaned = text.replace(/^\uFEFF/, '').trimStart();
  if (!cleaned.startsWith('ISA')) throw new X12ReadError('the file does not start with an ISA segment');
  let parsed: X12Interchange | X12Interchange[];
  try {
    parsed = new X12Parser(false).parse(cleaned) as X12Interchange | X12Interchange[];
  } catch (error) {
    throw new X12ReadError((error as Error).message);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  // The ISA is fixed-length, so ISA13 is always characters 90–98; node-x12 drops its leading zeros.
  const rawControls = [...cleaned.matchAll(/(?:^|[^A-Z0-9])ISA[^A-Z0-9 ]/g)].map((match) => {
    const start = match.index + match[0].indexOf('ISA');
    return cleaned.slice(start + 90, start + 99);
  });
  return list.map((interchange, index) => readInterchange(interchange, rawControls[index]));
}

function readInterchange(interchange: X12Interchange, rawControl: string | undefined): ReadInterchange {
  const value = (segment: X12Segment | undefined, index: number) => segment?.valueOf(index, '')?.trim() ?? '';
  const header = interchange.header;
  const problems: X12Problem[] = [];
  const parsedControl = value(header, 13);
  const control =
    rawControl !== undefined && Number(rawControl) === Number(parsedControl)
      ? rawControl
      : parsedControl.padStart(9, '0');
  if (Number(value(interchange.trailer, 2)) !== Number(control)) {
    problems.push({
      level: 'interchange',
      code: '001',
      message: `IEA02 ${value(interchange.trailer, 2)} does not match ISA13 ${control}`,
    });
  }
  if (Number(value(interchange.trailer, 1)) !== interchange.functionalGroups.length) {
    problems.push({
      level: 'interchange',
      code: '021',
      message: `IEA01 says ${value(interchange.trailer, 1)} groups, the interchange has ${interchange.functionalGroups.length}`,
    });
  }
  const groups = interchange.functionalGroups.map((group): ReadGroup => {
    const groupControl = value(group.header, 6);
    const groupProblems: X12Problem[] = [];
    if (Number(value(group.trailer, 2)) !== Number(groupControl)) {
      groupProblems.push({
        level: 'group',
        code: '4',
        message: `GE02 ${value(group.trailer, 2)} does not match GS06 ${groupControl}`,
      });
    }
    if (Number(value(group.trailer, 1)) !== group.transactions.length) {
      groupProblems.push({
        level: 'group',
        code: '5',
        message: `GE01 says ${value(group.trailer, 1)} transaction sets, the group has ${group.transactions.length}`,
      });
    }
    const transactions = group.transactions.map((transaction): ReadTransaction => {
      const transactionControl = value(transaction.header, 2);
      const segments = transaction.segments.map((segment, offset) => toReadSegment(segment, offset + 2));
      const transactionProblems: X12Problem[] = [];
      const declared = value(transaction.trailer, 1);
      const actual = transaction.segments.length + 2;
      if (Number(declared) !== actual) {
        transactionProblems.push({
          level: 'transaction',
          code: '4',
          message: `SE01 says ${declared} segments, the set has ${actual}`,
          segment: { tag: 'SE', position: actual },
        });
      }
      if (value(transaction.trailer, 2) !== transactionControl) {
        transactionProblems.push({
          level: 'transaction',
          code: '3',
          message: `SE02 ${value(transaction.trailer, 2)} does not match ST02 ${transactionControl}`,
          segment: { tag: 'SE', position: actual },
        });
      }
      return { id: value(transaction.header, 1), control: transactionControl, segments, problems: transactionProblems };
    });
    return { functionalId: value(group.header, 1), control: groupControl, transactions, problems: groupProblems };
  });
  return {
    senderQualifier: value(header, 5),
    senderId: value(header, 6),
    receiverQualifier: value(header, 7),
    receiverId: value(header, 8),
    control,
    preparedAt: x12Timestamp(`20${value(header, 9)}`, value(header, 10)),
    groups,
    problems,
  };
}

function toReadSegment(segment: X12Segment, position: number): ReadSegment {
  return {
    tag: segment.tag,
    position,
    element: (index) => segment.valueOf(index, '') ?? '',
    elementCount: segment.elements.length,
  };
}

/** CCYYMMDD and HHMM[SS] as an ISO timestamp (UTC: X12 dates carry no zone unless a DTM04 names one). */
export function x12Timestamp(date: string, time: string | undefined): string | undefined {
  if (!/^\d{8}$/.test(date)) return undefined;
  const clock = /^\d{4}(\d{2})?/.test(time ?? '') ? (time ?? '') : '0000';
  const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${clock.slice(0, 2)}:${clock.slice(2, 4)}:${clock.slice(4, 6) || '00'}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}
