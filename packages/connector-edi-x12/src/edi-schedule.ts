import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import { AcknowledgementOverdueError } from './edi-errors.ts';
import { type AdviceDependencies, fullAdviceDue, writeAdvice } from './write-advice.ts';

export interface ScheduleDependencies extends AdviceDependencies {
  readonly mapping: ConnectionMappingV2;
}

/**
 * What is due by the clock, checked on every poll: a partner's full advice when its `fullEveryHours` have passed
 * with no push (nothing changed, so it repeats what the partner has: the schedule partners ask for), and an alert
 * for each 846 whose 997 is overdue — once per `acknowledgementDueMinutes`, not on every poll.
 */
export async function runSchedule(dependencies: ScheduleDependencies): Promise<ItemFailureV2[]> {
  const now = dependencies.now();
  const failures: ItemFailureV2[] = [];
  for (const partner of dependencies.settings.partners) {
    if (partner.channel === undefined) continue;
    const advice = await dependencies.state.advice(partner.name);
    const lineKeys = Object.keys(advice.values);
    if (lineKeys.length > 0 && fullAdviceDue(partner, advice.lastFullAt, now)) {
      await writeAdvice(dependencies, partner, { kind: 'full', lineKeys, values: advice.values });
    }
    const dueMs = partner.outbound.acknowledgementDueMinutes * 60_000;
    let alerted = false;
    const outstanding = (await dependencies.state.outstanding(partner.name)).map((sent) => {
      const since = Date.parse(sent.alertedAt ?? sent.sentAt);
      if (now.getTime() - since < dueMs) return sent;
      const { group, file, sentAt } = sent;
      const connection = dependencies.mapping.connection;
      const error = new AcknowledgementOverdueError({ connection, partner: partner.name, group, file, sentAt });
      failures.push({ where: file, error });
      alerted = true;
      return { ...sent, alertedAt: now.toISOString() };
    });
    if (alerted) await dependencies.state.saveOutstanding(partner.name, outstanding);
  }
  return failures;
}
