import type { FileTransport } from '@stockwire/connector-file';
import { type AdviceLine, build846 } from './build-846.ts';
import { ediFolders } from './edi-layout.ts';
import type { EdiX12ConnectorSettings, PartnerProfile } from './edi-settings.ts';
import { type EdiState, parseAdviceKey } from './edi-state.ts';
import { interchangeControl, writeInterchange } from './x12-interchange.ts';

export interface AdviceDependencies {
  readonly transport: FileTransport;
  readonly settings: EdiX12ConnectorSettings;
  readonly state: EdiState;
  readonly now: () => Date;
}

export interface AdviceToWrite {
  readonly kind: 'full' | 'delta';
  /** `adviceKey`s of the lines to send. */
  readonly lineKeys: readonly string[];
  /** Every value the partner has after this advice, by `adviceKey`. */
  readonly values: Readonly<Record<string, number>>;
}

/**
 * Writes one 846 to outbox/ (`846-<partner>-<ISA13>.x12`), then records what the partner now has and tracks the
 * advice until its 997. The control numbers are reserved first: a crash wastes numbers, never repeats one.
 * Returns the transport operations it took.
 */
export async function writeAdvice(
  dependencies: AdviceDependencies,
  partner: PartnerProfile,
  advice: AdviceToWrite,
): Promise<number> {
  const { state, settings } = dependencies;
  const now = dependencies.now();
  const previous = await state.advice(partner.name);
  const lines: AdviceLine[] = [...new Set(advice.lineKeys)].map((key) => ({
    ...parseAdviceKey(key),
    quantity: advice.values[key] ?? 0,
  }));
  const numbers = await state.reserveControlNumbers(partner.name);
  const control = interchangeControl(numbers.interchange);
  const transaction = build846({ partner, kind: advice.kind, reference: control, at: now, lines });
  const text = writeInterchange({
    identity: settings.identity,
    partner,
    functionalId: 'IB',
    numbers,
    at: now,
    transactions: [transaction],
  });
  const file = `${ediFolders.outbox}/846-${partner.name}-${control}.x12`;
  const operations = await dependencies.transport.withSession(async (session) => {
    await session.writeTextAtomically(file, text);
    return session.operations;
  });
  const lastFullAt = advice.kind === 'full' ? now.toISOString() : previous.lastFullAt;
  await state.saveAdvice(partner.name, { lastFullAt, values: advice.values });
  const outstanding = await state.outstanding(partner.name);
  const sent = { group: numbers.group, interchange: numbers.interchange, file, sentAt: now.toISOString() };
  await state.saveOutstanding(partner.name, [...outstanding, sent]);
  return operations;
}

/** Whether the partner's full advice is due: none yet, or the last is `fullEveryHours` old. */
export function fullAdviceDue(partner: PartnerProfile, lastFullAt: string | undefined, now: Date): boolean {
  return (
    lastFullAt === undefined || now.getTime() - Date.parse(lastFullAt) >= partner.outbound.fullEveryHours * 3_600_000
  );
}
