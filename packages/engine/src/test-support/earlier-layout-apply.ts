import { eventEffects, eventOrderKey, type InventoryEvent } from '@stockwire/model';
import type { Redis } from 'ioredis';
import { createEngineKeys } from '../keys.ts';
import { earlierApplyScript } from './earlier-apply-script.ts';

/** The retention and horizon options of `createTestEngine` (a century: fixed test dates never fall behind). */
const century = 3e12;
const thirtyDays = 30 * 24 * 3_600_000;

/**
 * Applies events as the release before the per-SKU state hash did: its script, keys and arguments (one call per
 * SKU; `readLocations` read back, as the channels' locations were). Returns each event's outcome code by its key.
 */
export async function applyWithEarlierLayout(
  redis: Redis,
  keyPrefix: string,
  events: readonly InventoryEvent[],
  readLocations: readonly string[],
): Promise<Map<string, string>> {
  const keys = createEngineKeys(keyPrefix);
  const bySku = new Map<string, InventoryEvent[]>();
  for (const event of events) bySku.set(event.sku, [...(bySku.get(event.sku) ?? []), event]);
  const codes = new Map<string, string>();
  for (const [sku, skuEvents] of bySku) {
    const skuKeys = keys.sku(sku);
    const positionKeys: string[] = [];
    const positionIndex = new Map<string, number>();
    let reading = false;
    const indexOf = (location: string) => {
      let found = positionIndex.get(location);
      if (found === undefined) {
        positionKeys.push(skuKeys.earlierPosition(location));
        if (!reading) positionKeys.push(skuKeys.pending(location), skuKeys.pendingIndex(location));
        found = positionIndex.size + 1;
        positionIndex.set(location, found);
      }
      return found;
    };
    const batch = skuEvents.map((event) => {
      const at = eventOrderKey(event);
      // Empty parts left out, as that release's caller did (the script tells an effect without changes by it).
      const effects = eventEffects(event).map((effect) => {
        const scripted: Record<string, unknown> = { p: indexOf(effect.location) };
        if (Object.keys(effect.changes).length > 0) scripted.c = effect.changes;
        if (Object.keys(effect.absolute).length > 0) scripted.a = effect.absolute;
        if (Object.keys(effect.incomingDates).length > 0) scripted.i = effect.incomingDates;
        return scripted;
      });
      return { k: at.idempotencyKey, t: at.timeMs, s: at.sequence, e: effects };
    });
    const changed = positionIndex.size;
    reading = true;
    for (const location of readLocations) indexOf(location);
    const callKeys = [skuKeys.earlierVersion, skuKeys.seen, skuKeys.ledger, ...positionKeys];
    const parts = JSON.stringify([{ n: positionIndex.size, w: changed, b: batch }]);
    const ledger = skuEvents.map(({ raw: _raw, ...rest }) => JSON.stringify(rest));
    const reply = (await redis.eval(
      earlierApplyScript,
      callKeys.length,
      ...callKeys,
      century,
      century,
      thirtyDays,
      1_000,
      parts,
      ...ledger,
    )) as unknown[];
    for (const [index, event] of skuEvents.entries()) codes.set(event.idempotencyKey, String(reply[1]).charAt(index));
  }
  return codes;
}
