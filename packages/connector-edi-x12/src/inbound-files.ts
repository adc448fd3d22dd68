import type { FileEntry, FileSession } from '@stockwire/connector-file';
import { type ItemFailureV2, MalformedPayloadError } from '@stockwire/connector-spec';
import { acknowledgementsFor } from './build-997.ts';
import { ediFolders, isInProgress } from './edi-layout.ts';
import type { EdiX12ConnectorSettings, PartnerProfile } from './edi-settings.ts';
import type { EdiState } from './edi-state.ts';
import { writeInterchange } from './x12-interchange.ts';
import { type ReadInterchange, readInterchanges, type X12Problem, X12ReadError } from './x12-read.ts';

export interface InboundFile extends FileEntry {
  readonly path: string;
  /** The first transaction set's ST01 (846, 944, 947, 997): which reader takes the file. */
  readonly kind: string;
  readonly interchanges: ReadonlyArray<{ readonly interchange: ReadInterchange; readonly partner: PartnerProfile }>;
}

export type InboundScan = { readonly file: InboundFile } | { readonly unreadable: FileEntry; readonly reason: string };

/** The inbox's documents in name order, each parsed and matched to its partner by ISA06; hidden files skipped. */
export async function scanInboundFiles(
  session: FileSession,
  settings: EdiX12ConnectorSettings,
): Promise<InboundScan[]> {
  const scans: InboundScan[] = [];
  for (const entry of await session.listFiles(ediFolders.inbox)) {
    if (isInProgress(entry.name)) continue;
    const path = `${ediFolders.inbox}/${entry.name}`;
    const text = (await session.readText(path)) ?? '';
    try {
      const interchanges = readInterchanges(text).map((interchange) => {
        const partner = settings.partners.find((candidate) => candidate.id === interchange.senderId);
        if (partner === undefined) {
          throw new X12ReadError(`ISA06 sender "${interchange.senderId}" matches no partner profile (partners[].id)`);
        }
        return { interchange, partner };
      });
      const kind = interchanges[0]?.interchange.groups[0]?.transactions[0]?.id ?? 'empty';
      scans.push({ file: { ...entry, path, kind, interchanges } });
    } catch (error) {
      if (!(error instanceof X12ReadError)) throw error;
      scans.push({ unreadable: entry, reason: error.message });
    }
  }
  return scans;
}

/** Every problem of an interchange in one line each, naming the segment and its position. */
export function describeProblems(problems: readonly X12Problem[]): string[] {
  return problems.map((problem) => problem.message);
}

/**
 * Moves a document that cannot be applied to rejected/, with `<name>.reason.txt` beside it (written first, so a
 * crash never leaves a rejected file without its reasons), and returns the typed failure for the dead-letter store.
 */
export async function rejectDocument(
  session: FileSession,
  name: string,
  reasons: readonly string[],
  connection: string,
): Promise<ItemFailureV2> {
  const source = `${ediFolders.inbox}/${name}`;
  const exists = await session.exists(`${ediFolders.rejected}/${name}`);
  const destination = exists ? `${name}.${Date.now().toString(36)}` : name;
  const text = [
    ...reasons,
    `Nothing from ${source} was applied. Fix it and drop the whole file into ${ediFolders.inbox}/ again.`,
  ];
  await session.writeTextAtomically(`${ediFolders.rejected}/${destination}.reason.txt`, `${text.join('\n')}\n`);
  await session.move(source, `${ediFolders.rejected}/${destination}`);
  const error = new MalformedPayloadError({
    connection,
    what: `the X12 document ${source}`,
    path: 'the interchange',
    problem: `${reasons[0] ?? 'unreadable'}${reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : ''}; moved to ${ediFolders.rejected}/${destination} with every reason in ${destination}.reason.txt`,
  });
  return { where: source, error };
}

export async function moveToProcessed(session: FileSession, name: string): Promise<void> {
  const exists = await session.exists(`${ediFolders.processed}/${name}`);
  await session.move(
    `${ediFolders.inbox}/${name}`,
    `${ediFolders.processed}/${exists ? `${name}.${Date.now().toString(36)}` : name}`,
  );
}

/**
 * Answers an inbound interchange with its 997s in outbox/ (`997-<partner>-<their ISA13>.x12`), once: a re-read
 * after a crash or a second snapshot page does not answer again.
 */
export async function acknowledge(
  session: FileSession,
  dependencies: { readonly settings: EdiX12ConnectorSettings; readonly state: EdiState; readonly now: () => Date },
  received: { readonly interchange: ReadInterchange; readonly partner: PartnerProfile },
  problemsOf: (control: string) => readonly X12Problem[],
): Promise<void> {
  const { interchange, partner } = received;
  const transactions = acknowledgementsFor(interchange, problemsOf);
  if (transactions.length === 0 || (await dependencies.state.acknowledged(partner.name, interchange.control))) return;
  const numbers = await dependencies.state.reserveControlNumbers(partner.name, transactions.length);
  const at = dependencies.now();
  const text = writeInterchange({
    identity: dependencies.settings.identity,
    partner,
    functionalId: 'FA',
    numbers,
    at,
    transactions,
  });
  await session.writeTextAtomically(`${ediFolders.outbox}/997-${partner.name}-${interchange.control}.x12`, text);
  await dependencies.state.markAcknowledged(partner.name, interchange.control);
}
