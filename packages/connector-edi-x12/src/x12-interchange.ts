import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { X12Interchange, X12SerializationOptions } from 'node-x12';
import type { OwnIdentity, PartnerProfile } from './edi-settings.ts';

export interface ControlNumbers {
  readonly interchange: number;
  readonly group: number;
  readonly transaction: number;
}

export interface OutgoingTransaction {
  /** ST01: 846, 997. */
  readonly id: string;
  /** The segments between ST and SE; node-x12 writes ST, SE, GE and IEA with their counts. */
  readonly segments: ReadonlyArray<readonly [tag: string, elements: readonly string[]]>;
}

export interface OutgoingInterchange {
  readonly identity: OwnIdentity;
  readonly partner: PartnerProfile;
  /** GS01: IB (846), FA (997). */
  readonly functionalId: string;
  readonly numbers: ControlNumbers;
  readonly at: Date;
  readonly transactions: readonly OutgoingTransaction[];
  /** For error messages. */
  readonly connection?: string | undefined;
}

/** ISA13 and IEA02 are nine digits; ST02 at least four (X12 data element 329 is 4–9 characters). */
export const interchangeControl = (number: number) => String(number).padStart(9, '0');
export const transactionControl = (number: number) => String(number).padStart(4, '0');

/** One interchange with one functional group, serialized by node-x12 (which also writes SE/GE/IEA and counts). */
export function writeInterchange(outgoing: OutgoingInterchange): string {
  const { identity, partner, numbers, at } = outgoing;
  const separators = identity.separators;
  const options = new X12SerializationOptions({
    elementDelimiter: separators.element,
    segmentTerminator: separators.segment,
    subElementDelimiter: separators.component,
    endOfLine: '\n',
    format: true,
  });
  const iso = at.toISOString();
  const date = iso.slice(0, 10).replaceAll('-', '');
  const time = iso.slice(11, 16).replace(':', '');
  const interchange = new X12Interchange(options);
  interchange.setHeader([
    '00',
    ' '.repeat(10),
    '00',
    ' '.repeat(10),
    identity.qualifier,
    identity.id.padEnd(15),
    partner.qualifier,
    partner.id.padEnd(15),
    date.slice(2),
    time,
    'U',
    '00401',
    interchangeControl(numbers.interchange),
    // ISA14: no TA1 interchange acknowledgement is asked for; the 997 is what we track.
    '0',
    partner.usage,
    separators.component,
  ]);
  const group = interchange.addFunctionalGroup();
  group.setHeader([
    outgoing.functionalId,
    identity.applicationId ?? identity.id,
    partner.applicationId ?? partner.id,
    date,
    time,
    String(numbers.group),
    'X',
    '004010',
  ]);
  outgoing.transactions.forEach((outgoingTransaction, index) => {
    const transaction = group.addTransaction();
    transaction.setHeader([outgoingTransaction.id, transactionControl(numbers.transaction + index)]);
    for (const [tag, elements] of outgoingTransaction.segments) transaction.addSegment(tag, [...elements]);
  });
  try {
    return interchange.toString(options);
  } catch (error) {
    // node-x12 validates envelope elements as it writes (GS02/GS03 lengths, ISA widths): a profile it refuses is
    // a configuration to fix, not something a retry changes.
    throw new ConnectorConfigurationError({
      connector: 'edi-x12',
      connection: outgoing.connection,
      problem: `node-x12 cannot write the ${outgoing.functionalId} interchange for partner ${partner.name}: ${(error as Error).message}`,
      cause: error,
    });
  }
}
