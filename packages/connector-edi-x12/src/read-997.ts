import type { ItemFailureV2 } from '@stockwire/connector-spec';
import { AdviceRejectedError } from './edi-errors.ts';
import type { EdiState } from './edi-state.ts';
import type { InboundFile } from './inbound-files.ts';

/**
 * A partner's 997s: each AK1 naming one of our 846 groups (AK101 IB, AK102 = our GS06) closes it. A verdict other
 * than accepted (AK5/AK9 E, R, P) becomes a failure naming the AK3 segment and AK4 element the partner reported.
 * 997s about other groups (orders they acknowledge to someone else's system) are read and ignored.
 */
export async function applyAcknowledgements(
  dependencies: { readonly state: EdiState; readonly mapping: { readonly connection: string } },
  file: InboundFile,
): Promise<ItemFailureV2[]> {
  const failures: ItemFailureV2[] = [];
  for (const { interchange, partner } of file.interchanges) {
    let outstanding = await dependencies.state.outstanding(partner.name);
    for (const transaction of interchange.groups.flatMap((group) => group.transactions)) {
      if (transaction.id !== '997') continue;
      const ak1 = transaction.segments.find((segment) => segment.tag === 'AK1');
      if (ak1 === undefined || ak1.element(1) !== 'IB') continue;
      const group = Number(ak1.element(2));
      const sent = outstanding.find((entry) => entry.group === group);
      if (sent === undefined) continue;
      outstanding = outstanding.filter((entry) => entry !== sent);
      const verdict = transaction.segments.find((segment) => segment.tag === 'AK9')?.element(1) ?? 'A';
      if (verdict === 'A') continue;
      const detail = transaction.segments
        .filter((segment) => ['AK3', 'AK4', 'AK5', 'AK9'].includes(segment.tag))
        .map(
          (segment) =>
            `${segment.tag}*${Array.from({ length: segment.elementCount }, (_, index) => segment.element(index + 1)).join('*')}`,
        )
        .join(' ');
      const error = new AdviceRejectedError({
        connection: dependencies.mapping.connection,
        partner: partner.name,
        file: sent.file,
        detail,
      });
      failures.push({ where: `${file.path} AK1 ${group}`, error });
    }
    await dependencies.state.saveOutstanding(partner.name, outstanding);
  }
  return failures;
}
