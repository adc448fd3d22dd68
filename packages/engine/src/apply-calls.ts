import { eventEffects, eventOrderKey, type InventoryEvent } from '@stockwire/model';
import type { ResolvedEngineOptions } from './engine-options.ts';
import type { EngineScripts } from './engine-scripts.ts';
import { hashSlot } from './hash-slot.ts';
import type { SkuKeys } from './keys.ts';
import type { SkuState } from './read-sku-state.ts';
import { holdsPosition, positionFromHash } from './stored-position.ts';

export interface SkuEvents {
  readonly sku: string;
  readonly skuKeys: SkuKeys;
  readonly events: readonly InventoryEvent[];
}

export interface AppliedSku {
  /** One outcome code per event, in order (see `apply-script.ts`). */
  readonly codes: string;
  /** The SKU's version and its positions after its last event. */
  readonly state: SkuState;
}

/** One SKU's share of a script call: its keys, its events as the script reads them, where each location is. */
interface Part {
  readonly sku: string;
  readonly keys: readonly string[];
  readonly positionIndex: ReadonlyMap<string, number>;
  /** Positions the events change: the first ones of `positionIndex`, with their pending keys. */
  readonly changed: number;
  readonly events: number;
  /** Its events as the script's flat input reads them (see `pushEvent`). */
  readonly input: readonly unknown[];
  /** Each event's ledger line, in the batch's order: passed as script arguments of their own. */
  readonly ledger: readonly string[];
}

function ledgerEntry(event: InventoryEvent): string {
  const { raw: _raw, ...rest } = event;
  return JSON.stringify(rest);
}

/**
 * Appends an event to the script's flat input (see `apply-script.ts`): key, time, sequence, effect count, then
 * per effect its position and its changes, absolute values and incoming dates (0 where empty: one Lua table less
 * for the script to build).
 */
function pushEvent(input: unknown[], event: InventoryEvent, indexOf: (location: string) => number): void {
  const at = eventOrderKey(event);
  const effects = eventEffects(event);
  input.push(at.idempotencyKey, at.timeMs, at.sequence, effects.length);
  for (const effect of effects) {
    input.push(
      indexOf(effect.location),
      hasAny(effect.changes) ? effect.changes : 0,
      hasAny(effect.absolute) ? effect.absolute : 0,
      hasAny(effect.incomingDates) ? effect.incomingDates : 0,
    );
  }
}

function hasAny(record: object): boolean {
  for (const _ in record) return true;
  return false;
}

function partOf(skuEvents: SkuEvents, events: readonly InventoryEvent[], readLocations: readonly string[]): Part {
  const { skuKeys } = skuEvents;
  const positionKeys: string[] = [];
  const positionIndex = new Map<string, number>();
  // The events' positions come first, with their pending keys; a position only read needs its hash alone.
  let reading = false;
  const indexOf = (location: string) => {
    let found = positionIndex.get(location);
    if (found === undefined) {
      positionKeys.push(skuKeys.position(location));
      if (!reading) positionKeys.push(skuKeys.pending(location), skuKeys.pendingIndex(location));
      found = positionIndex.size + 1;
      positionIndex.set(location, found);
    }
    return found;
  };
  const input: unknown[] = [];
  for (const event of events) pushEvent(input, event, indexOf);
  const changed = positionIndex.size;
  reading = true;
  for (const location of readLocations) indexOf(location);
  const keys = [skuKeys.version, skuKeys.seen, skuKeys.ledger, ...positionKeys];
  return {
    sku: skuEvents.sku,
    keys,
    positionIndex,
    changed,
    events: events.length,
    input,
    ledger: events.map(ledgerEntry),
  };
}

/** One script call for several SKUs' parts; the reply holds each part's version, codes and positions in turn. */
async function callParts(
  scripts: EngineScripts,
  options: ResolvedEngineOptions,
  parts: readonly Part[],
): Promise<Array<{ sku: string } & AppliedSku>> {
  const reply = await scripts.apply(
    parts.flatMap((part) => part.keys),
    [
      options.idempotencyRetentionMs,
      options.settleHorizonMs,
      options.ledgerRetentionMs,
      options.maxFoldsPerApplyCall,
      JSON.stringify(parts.flatMap((part) => [part.positionIndex.size, part.changed, part.events, ...part.input])),
      ...parts.flatMap((part) => part.ledger),
    ],
  );
  // One flat list: per part its version and codes, then per position (in index order) its field count and fields.
  let cursor = 0;
  return parts.map((part) => {
    const version = Number(reply[cursor]);
    const codes = String(reply[cursor + 1]);
    cursor += 2;
    const fieldsByIndex: Array<Record<string, string> | undefined> = [];
    for (let index = 0; index < part.positionIndex.size; index++) {
      const count = Number(reply[cursor]);
      cursor += 1;
      if (count === 0) continue;
      const fields: Record<string, string> = {};
      for (let field = cursor; field < cursor + count; field += 2) {
        fields[String(reply[field])] = String(reply[field + 1]);
      }
      cursor += count;
      fieldsByIndex[index] = fields;
    }
    const positions = new Map<string, ReturnType<typeof positionFromHash>>();
    for (const [location, index] of part.positionIndex) {
      const fields = fieldsByIndex[index - 1];
      if (fields !== undefined && holdsPosition(fields)) {
        positions.set(location, positionFromHash(part.sku, location, fields));
      }
    }
    return { sku: part.sku, codes, state: { sku: part.sku, version, positions } };
  });
}

/**
 * Parts packed into script calls of at most `maxEventsPerApplyCall` events: on a single Redis many SKUs share a
 * call (one round trip and one script run instead of one per SKU); on Redis Cluster only SKUs of one slot do.
 */
function packIntoCalls(scripts: EngineScripts, options: ResolvedEngineOptions, parts: readonly Part[]): Part[][] {
  // Each space's calls, and the events of its last call so far (summing the call again per part was quadratic).
  const bySpace = new Map<string, { calls: Part[][]; lastEvents: number }>();
  for (const part of parts) {
    const space = scripts.cluster ? String(hashSlot(part.keys[0] ?? '')) : '';
    let packed = bySpace.get(space);
    if (packed === undefined) {
      packed = { calls: [], lastEvents: 0 };
      bySpace.set(space, packed);
    }
    const last = packed.calls.at(-1);
    if (last !== undefined && packed.lastEvents + part.events <= options.maxEventsPerApplyCall) {
      last.push(part);
      packed.lastEvents += part.events;
    } else {
      packed.calls.push([part]);
      packed.lastEvents = part.events;
    }
  }
  return [...bySpace.values()].flatMap((packed) => packed.calls);
}

/**
 * Every SKU's events, each SKU in slices of at most `maxEventsPerApplyCall` events applied one after the other
 * (each script call atomic and short, so a long order on one SKU never holds Redis while other SKUs wait: defect
 * #23.1); the slices of different SKUs go together, as few calls as the packing allows.
 */
export async function applySkus(
  scripts: EngineScripts,
  options: ResolvedEngineOptions,
  skus: readonly SkuEvents[],
  readLocations: readonly string[],
): Promise<Map<string, AppliedSku>> {
  const size = options.maxEventsPerApplyCall;
  const results = new Map<string, AppliedSku>();
  for (let start = 0; skus.some((entry) => entry.events.length > start); start += size) {
    const parts = skus
      .filter((entry) => entry.events.length > start)
      .map((entry) => partOf(entry, entry.events.slice(start, start + size), readLocations));
    const calls = packIntoCalls(scripts, options, parts);
    for (const applied of (await Promise.all(calls.map((call) => callParts(scripts, options, call)))).flat()) {
      // A later slice's positions are the newest, and its version is the one they were written with.
      const codes = (results.get(applied.sku)?.codes ?? '') + applied.codes;
      results.set(applied.sku, { codes, state: applied.state });
    }
  }
  return results;
}
