import type { OutgoingTransaction } from './x12-interchange.ts';
import type { ReadGroup, ReadInterchange, X12Problem } from './x12-read.ts';

type Segment = readonly [string, readonly string[]];

/** AK3/AK4 for a segment or element problem, AK5 codes for set-level ones (X12 004010 data elements 720, 723, 718). */
function transactionSegments(
  id: string,
  control: string,
  problems: readonly X12Problem[],
): { segments: Segment[]; accepted: boolean; noted: boolean } {
  const segments: Segment[] = [['AK2', [id, control]]];
  const setCodes: string[] = [];
  for (const problem of problems) {
    if (problem.level === 'transaction' && problem.code !== '') setCodes.push(problem.code);
    if ((problem.level === 'segment' || problem.level === 'element') && problem.segment !== undefined) {
      segments.push([
        'AK3',
        [problem.segment.tag, String(problem.segment.position), '', problem.level === 'element' ? '8' : problem.code],
      ]);
      if (problem.element !== undefined) {
        segments.push([
          'AK4',
          [String(problem.element.position), '', problem.code, problem.element.value.slice(0, 99)],
        ]);
      }
      if (!setCodes.includes('5')) setCodes.push('5');
    }
  }
  const accepted = problems.every((problem) => problem.severity === 'note');
  const noted = problems.length > 0;
  segments.push(['AK5', [accepted ? (noted ? 'E' : 'A') : 'R', ...setCodes.slice(0, 5)]]);
  return { segments, accepted, noted };
}

/**
 * The 997 for one received functional group: AK1 names the group (GS01, GS06), an AK2 loop per transaction set
 * with AK3/AK4 naming the segment and element that failed and AK5 its verdict, and AK9 the group's verdict.
 * `problemsOf` gives each set's problems (envelope problems and those found while mapping it).
 */
export function build997(
  group: ReadGroup,
  problemsOf: (control: string) => readonly X12Problem[],
): OutgoingTransaction {
  const segments: Segment[] = [['AK1', [group.functionalId, group.control]]];
  let accepted = 0;
  let noted = false;
  for (const transaction of group.transactions) {
    const built = transactionSegments(transaction.id, transaction.control, problemsOf(transaction.control));
    segments.push(...built.segments);
    if (built.accepted) accepted++;
    noted ||= built.noted;
  }
  const received = group.transactions.length;
  const groupCodes = group.problems.map((problem) => problem.code);
  const verdict = groupCodes.length > 0 || accepted === 0 ? 'R' : accepted < received ? 'P' : noted ? 'E' : 'A';
  segments.push([
    'AK9',
    [
      verdict,
      String(received),
      String(received),
      String(groupCodes.length > 0 ? 0 : accepted),
      ...groupCodes.slice(0, 5),
    ],
  ]);
  return { id: '997', segments };
}

/** Every 997 an interchange needs: one per functional group, none for a group of 997s (never acknowledged). */
export function acknowledgementsFor(
  interchange: ReadInterchange,
  problemsOf: (control: string) => readonly X12Problem[],
): OutgoingTransaction[] {
  return interchange.groups.filter((group) => group.functionalId !== 'FA').map((group) => build997(group, problemsOf));
}
