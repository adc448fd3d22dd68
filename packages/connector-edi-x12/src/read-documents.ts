import type { FileSession } from '@stockwire/connector-file';
import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import type { EdiX12ConnectorSettings } from './edi-settings.ts';
import type { EdiState } from './edi-state.ts';
import { acknowledge, describeProblems, type InboundFile, rejectDocument } from './inbound-files.ts';
import type { InboundContext, InboundItem, InboundRead } from './map-inbound.ts';
import type { X12Problem } from './x12-read.ts';

export interface DocumentDependencies {
  readonly settings: EdiX12ConnectorSettings;
  readonly mapping: ConnectionMappingV2;
  readonly state: EdiState;
  readonly now: () => Date;
}

export type DocumentOutcome<Value> =
  | { readonly accepted: true; readonly items: readonly InboundItem<Value>[] }
  | { readonly accepted: false; readonly failure: ItemFailureV2 };

/**
 * Reads every transaction set of a file with `read` (the 846 or the warehouse reader). Any syntax problem (a
 * count, a control number, a malformed quantity) rejects the whole file: it is moved aside with its reasons, its
 * partner gets a rejecting 997 naming the segment and element, and nothing of it is applied. Unmapped names are
 * item failures only: the document is valid X12, so it is accepted and the rest applies.
 */
export async function readDocument<Value>(
  session: FileSession,
  dependencies: DocumentDependencies,
  file: InboundFile,
  read: (context: InboundContext) => InboundRead<Value>,
): Promise<DocumentOutcome<Value>> {
  const items: InboundItem<Value>[] = [];
  const problems = new Map<string, X12Problem[]>();
  const reasons: string[] = [];
  for (const { interchange, partner } of file.interchanges) {
    reasons.push(
      ...describeProblems(interchange.problems).map((message) => `ISA13 ${interchange.control}: ${message}`),
    );
    for (const group of interchange.groups) {
      reasons.push(...describeProblems(group.problems).map((message) => `GS06 ${group.control}: ${message}`));
      for (const transaction of group.transactions) {
        const context = {
          mapping: dependencies.mapping,
          partner,
          interchange,
          transaction,
          path: file.path,
          fileModifiedAt: file.modifiedAt,
        };
        const result = read(context);
        const found = [...transaction.problems, ...result.problems];
        problems.set(`${interchange.control}/${transaction.control}`, found);
        const rejecting = found.filter((problem) => problem.severity !== 'note');
        reasons.push(...rejecting.map((problem) => `ST02 ${transaction.control}: ${problem.message}`));
        items.push(...result.items);
      }
    }
  }
  // Nothing of a rejected file is applied, so a set without problems of its own is rejected with it (AK5 R).
  const withFile: X12Problem = { level: 'transaction', code: '', message: 'rejected with the rest of its file' };
  const rejected = reasons.length > 0;
  for (const received of file.interchanges) {
    const problemsOf = (control: string) => {
      const found = problems.get(`${received.interchange.control}/${control}`) ?? [];
      const own = found.some((problem) => problem.severity !== 'note');
      return rejected && !own ? [...found, withFile] : found;
    };
    const envelope = received.interchange.problems.length > 0;
    await acknowledge(session, dependencies, received, envelope ? () => received.interchange.problems : problemsOf);
  }
  if (reasons.length > 0) {
    return {
      accepted: false,
      failure: await rejectDocument(session, file.name, reasons, dependencies.mapping.connection),
    };
  }
  return { accepted: true, items };
}
