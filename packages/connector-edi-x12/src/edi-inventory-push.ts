import type { FileTransport } from '@stockwire/connector-file';
import {
  type ConnectionMappingV2,
  captureItemFailure,
  PermanentItemError,
  type PushItemResultV2,
  type PushItemV2,
  type PushRequestV2,
  type PushResultV2,
} from '@stockwire/connector-spec';
import type { EdiX12ConnectorSettings, PartnerProfile } from './edi-settings.ts';
import { adviceKey, type EdiState } from './edi-state.ts';
import { fullAdviceDue, writeAdvice } from './write-advice.ts';

export interface PushDependencies {
  readonly transport: FileTransport;
  readonly mapping: ConnectionMappingV2;
  readonly settings: EdiX12ConnectorSettings;
  readonly state: EdiState;
  readonly now: () => Date;
}

interface PreparedItem {
  readonly item: PushItemV2;
  readonly key: string;
}

/**
 * Writes one 846 per partner whose channel has items: a full advice when the last full one is older than the
 * partner's `fullEveryHours` (or there was none), else a delta with only the values that changed. Values the
 * partner already has are `unchanged` and, when nothing changed, nothing is written.
 */
export async function pushAdvice(dependencies: PushDependencies, request: PushRequestV2): Promise<PushResultV2> {
  const { mapping, settings } = dependencies;
  const results: PushItemResultV2[] = [];
  const byPartner = new Map<PartnerProfile, PreparedItem[]>();
  for (const item of request.items) {
    const partner = settings.partners.find((candidate) => candidate.channel === item.channel);
    if (partner === undefined) {
      const reason = `no partner profile publishes channel ${item.channel}; add "channel" to a partner profile`;
      const error = new PermanentItemError({ connection: mapping.connection, item: item.key, reason });
      results.push({ key: item.key, outcome: 'failed', error });
      continue;
    }
    const prepared = captureItemFailure(item.key, () => ({ item, key: lineKey(item, partner, mapping) }));
    if ('failure' in prepared) {
      results.push({ key: item.key, outcome: 'failed', error: prepared.failure.error });
      continue;
    }
    const batch = byPartner.get(partner) ?? [];
    batch.push(prepared.value);
    byPartner.set(partner, batch);
  }
  let requestsMade = 0;
  for (const [partner, items] of byPartner) {
    const written = await pushToPartner(dependencies, partner, items);
    requestsMade += written.requestsMade;
    results.push(...written.results);
  }
  return { results, requestsMade };
}

function lineKey(item: PushItemV2, partner: PartnerProfile, mapping: ConnectionMappingV2): string {
  const sku = mapping.toExternalSku(item.sku);
  const wantsLocation = partner.outbound.locations !== null && item.location !== undefined;
  const location = wantsLocation && item.location !== undefined ? mapping.toExternalLocation(item.location) : undefined;
  return adviceKey(sku, location);
}

async function pushToPartner(
  dependencies: PushDependencies,
  partner: PartnerProfile,
  items: readonly PreparedItem[],
): Promise<{ results: PushItemResultV2[]; requestsMade: number }> {
  const { state } = dependencies;
  const now = dependencies.now();
  const advice = await state.advice(partner.name);
  const changed = items.filter(({ item, key }) => advice.values[key] !== item.quantity);
  const values: Record<string, number> = { ...advice.values };
  for (const { item, key } of changed) values[key] = item.quantity;
  const fullDue = fullAdviceDue(partner, advice.lastFullAt, now);
  const changedKeys = new Set(changed.map((entry) => entry.key));
  const results = items.map(({ item, key }): PushItemResultV2 => {
    const outcome = changedKeys.has(key) ? 'written' : 'unchanged';
    return { key: item.key, outcome, remoteQuantity: item.quantity };
  });
  if (changed.length === 0) return { results, requestsMade: 0 };

  const lineKeys = fullDue ? Object.keys(values) : changed.map((entry) => entry.key);
  const operations = await writeAdvice(dependencies, partner, { kind: fullDue ? 'full' : 'delta', lineKeys, values });
  return { results, requestsMade: operations };
}
