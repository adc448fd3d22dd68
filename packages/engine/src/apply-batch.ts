import {
  type AuthorityRule,
  type Catalog,
  checkAuthority,
  eventEffects,
  eventOrderKey,
  type InventoryEvent,
  InventoryEventSchema,
} from '@stockwire/model';
import type { ResolvedEngineOptions } from './engine-options.ts';
import type { EngineScripts } from './engine-scripts.ts';
import type { EventRejection } from './event-rejection.ts';
import type { EngineKeys, SkuKeys } from './keys.ts';
import type { SkuState } from './read-sku-state.ts';
import { positionFromHash } from './stored-position.ts';

export type EventOutcome = 'applied' | 'duplicate' | 'superseded';

export interface ApplyBatchResult {
  /** Outcome per input index; undefined where the event was rejected. */
  readonly outcomes: ReadonlyArray<EventOutcome | undefined>;
  readonly rejections: readonly EventRejection[];
  /** SKUs whose state changed, with their new version. */
  readonly changedSkus: ReadonlyMap<string, number>;
  /** Every SKU the accepted events touched (changed or not): a retried batch must still reach the push stage. */
  readonly touchedSkus: ReadonlySet<string>;
  /** Each touched SKU's state right after its batch, at the read locations: projection needs no second read. */
  readonly states: ReadonlyMap<string, SkuState>;
}

const outcomeByCode = { a: 'applied', d: 'duplicate', s: 'superseded' } as const;

const orderLineKinds: ReadonlySet<InventoryEvent['kind']> = new Set([
  'reservation-created',
  'reservation-released',
  'reservation-consumed',
]);

/**
 * An order line of a kit holds, releases or ships its components: a store sells the kit as one item, but only
 * components have stock. Each component gets its own idempotency key, so a redelivery is still a duplicate.
 */
function kitComponentEvents(event: InventoryEvent, catalog: Catalog): InventoryEvent[] | undefined {
  const kit = catalog.skus.get(event.sku)?.kit;
  if (kit === undefined || !orderLineKinds.has(event.kind) || !('quantity' in event)) return undefined;
  return kit.components.map(
    (component) =>
      ({
        ...event,
        idempotencyKey: `${event.idempotencyKey}#${component.sku}`,
        sku: component.sku,
        quantity: event.quantity * component.quantity,
      }) as InventoryEvent,
  );
}

function validate(
  input: unknown,
  index: number,
  catalog: Catalog,
  authority: readonly AuthorityRule[],
): { events: InventoryEvent[] } | { rejection: EventRejection } {
  const parsed = InventoryEventSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`);
    const message = `event ${index} is not a valid canonical event: ${details.join('; ')}`;
    return { rejection: { reason: 'invalid', index, message, input } };
  }
  const event = parsed.data;
  const unknownReference = (message: string) => ({
    rejection: { reason: 'unknown-reference' as const, index, input, message },
  });
  for (const effect of eventEffects(event)) {
    if (!catalog.skus.has(effect.sku))
      return unknownReference(`event ${event.idempotencyKey} names unknown SKU "${effect.sku}"`);
    if (!catalog.locations.has(effect.location)) {
      return unknownReference(`event ${event.idempotencyKey} names unknown location "${effect.location}"`);
    }
  }
  const components = kitComponentEvents(event, catalog);
  if (components === undefined && catalog.skus.get(event.sku)?.kit !== undefined) {
    return unknownReference(
      `event ${event.idempotencyKey} moves stock of kit "${event.sku}"; kits have no stock of their own, send their components`,
    );
  }
  const events = components ?? [event];
  for (const checked of events) {
    const decision = checkAuthority(authority, checked);
    if (!decision.allowed)
      return { rejection: { reason: 'not-authority', index, input, message: decision.message, decision } };
  }
  return { events };
}

/** One input that became several events (a kit's components) applied if any part applied. */
const outcomeRank: Readonly<Record<EventOutcome, number>> = { duplicate: 0, superseded: 1, applied: 2 };
function strongerOutcome(current: EventOutcome | undefined, next: EventOutcome): EventOutcome {
  return current === undefined || outcomeRank[next] > outcomeRank[current] ? next : current;
}

function ledgerEntry(event: InventoryEvent): string {
  const { raw: _raw, ...rest } = event;
  return JSON.stringify(rest);
}

function olderThanHorizon(input: unknown, index: number, event: InventoryEvent, horizonMs: number): EventRejection {
  const message =
    `event ${event.idempotencyKey} changes ${event.sku} relatively and happened at ${event.occurredAt}, before the ` +
    `settle horizon (${horizonMs} ms ago), where older changes are already folded into absolute values; ` +
    'send a snapshot (an absolute count) of the position instead';
  return { reason: 'older-than-settle-horizon', index, input, message };
}

/** One SKU's events in one script call: their outcome codes, the SKU's version and its positions after them. */
async function applySkuEvents(
  scripts: EngineScripts,
  skuKeys: SkuKeys,
  options: ResolvedEngineOptions,
  sku: string,
  events: readonly InventoryEvent[],
  readLocations: readonly string[],
): Promise<{ codes: string; state: SkuState }> {
  const positionKeys: string[] = [];
  const positionIndex = new Map<string, number>();
  const indexOf = (location: string) => {
    let found = positionIndex.get(location);
    if (found === undefined) {
      positionKeys.push(skuKeys.position(location), skuKeys.pending(location), skuKeys.pendingIndex(location));
      found = positionIndex.size + 1;
      positionIndex.set(location, found);
    }
    return found;
  };
  const batch = events.map((event) => {
    const at = eventOrderKey(event);
    return {
      k: at.idempotencyKey,
      t: at.timeMs,
      s: at.sequence,
      l: ledgerEntry(event),
      e: eventEffects(event).map((effect) => ({
        p: indexOf(effect.location),
        c: effect.changes,
        a: effect.absolute,
        i: effect.incomingDates,
      })),
    };
  });
  for (const location of readLocations) indexOf(location);
  const scriptKeys = [skuKeys.version, skuKeys.seen, skuKeys.ledger, ...positionKeys];
  const [version, codes, ...hashes] = await scripts.apply(scriptKeys, [
    options.idempotencyRetentionMs,
    options.settleHorizonMs,
    options.ledgerRetentionMs,
    options.maxFoldsPerApplyCall,
    JSON.stringify(batch),
  ]);
  const positions = new Map<string, ReturnType<typeof positionFromHash>>();
  for (const [location, index] of positionIndex) {
    const flat = hashes[index - 1] ?? [];
    if (flat.length === 0) continue;
    const fields: Record<string, string> = {};
    for (let field = 0; field < flat.length; field += 2) fields[flat[field] ?? ''] = flat[field + 1] ?? '';
    positions.set(location, positionFromHash(sku, location, fields));
  }
  return { codes, state: { sku, version, positions } };
}

/**
 * One SKU's events in script calls of at most `maxEventsPerApplyCall` events, one after the other: each call is
 * atomic and short, so a long order on one SKU never holds Redis while other SKUs wait (defect #23.1).
 */
async function applySkuEventsInCalls(
  scripts: EngineScripts,
  skuKeys: SkuKeys,
  options: ResolvedEngineOptions,
  sku: string,
  events: readonly InventoryEvent[],
  readLocations: readonly string[],
): Promise<{ codes: string; state: SkuState }> {
  const size = options.maxEventsPerApplyCall;
  let applied = await applySkuEvents(scripts, skuKeys, options, sku, events.slice(0, size), readLocations);
  let codes = applied.codes;
  for (let start = size; start < events.length; start += size) {
    // The last call's positions are the newest, and its version is the one they were written with.
    applied = await applySkuEvents(scripts, skuKeys, options, sku, events.slice(start, start + size), readLocations);
    codes += applied.codes;
  }
  return { codes, state: applied.state };
}

/** Validates, checks authority, then applies each SKU's events in atomic script calls (see `applySkuEventsInCalls`). */
export async function applyBatch(
  scripts: EngineScripts,
  keys: EngineKeys,
  options: ResolvedEngineOptions,
  catalog: Catalog,
  authority: readonly AuthorityRule[],
  inputs: readonly unknown[],
  /** Locations whose positions come back with the result (those the channels sell from). */
  readLocations: readonly string[] = [],
): Promise<ApplyBatchResult> {
  const outcomes: Array<EventOutcome | undefined> = new Array(inputs.length).fill(undefined);
  const rejections: EventRejection[] = [];
  const bySku = new Map<string, Array<{ index: number; event: InventoryEvent }>>();
  inputs.forEach((input, index) => {
    const checked = validate(input, index, catalog, authority);
    if ('rejection' in checked) {
      rejections.push(checked.rejection);
      return;
    }
    for (const event of checked.events) {
      const entries = bySku.get(event.sku);
      if (entries === undefined) bySku.set(event.sku, [{ index, event }]);
      else entries.push({ index, event });
    }
  });

  const tooOld = new Map<number, InventoryEvent>();
  const changedSkus = new Map<string, number>();
  const states = new Map<string, SkuState>();
  await Promise.all(
    [...bySku].map(async ([sku, entries]) => {
      const events = entries.map((entry) => entry.event);
      const { codes, state } = await applySkuEventsInCalls(scripts, keys.sku(sku), options, sku, events, readLocations);
      entries.forEach(({ index, event }, position) => {
        const code = codes[position];
        if (code === 'o') tooOld.set(index, event);
        else outcomes[index] = strongerOutcome(outcomes[index], outcomeByCode[code as keyof typeof outcomeByCode]);
      });
      if (codes.includes('a')) changedSkus.set(sku, state.version);
      states.set(sku, state);
    }),
  );
  for (const [index, event] of tooOld) {
    // A kit's components share the time, so a part applied only where another part's change was covered.
    if (outcomes[index] === 'applied') continue;
    outcomes[index] = undefined;
    rejections.push(olderThanHorizon(inputs[index], index, event, options.settleHorizonMs));
  }
  rejections.sort((a, b) => a.index - b.index);
  return { outcomes, rejections, changedSkus, touchedSkus: new Set(bySku.keys()), states };
}
