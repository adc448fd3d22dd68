import {
  type AuthorityRule,
  type Catalog,
  checkAuthority,
  eventEffects,
  type InventoryEvent,
  InventoryEventSchema,
} from '@stockwire/model';
import { applySkus } from './apply-calls.ts';
import type { ResolvedEngineOptions } from './engine-options.ts';
import type { EngineScripts } from './engine-scripts.ts';
import type { EventRejection } from './event-rejection.ts';
import type { EngineKeys } from './keys.ts';
import type { SkuState } from './read-sku-state.ts';

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

function olderThanHorizon(input: unknown, index: number, event: InventoryEvent, horizonMs: number): EventRejection {
  const message =
    `event ${event.idempotencyKey} changes ${event.sku} relatively and happened at ${event.occurredAt}, before the ` +
    `settle horizon (${horizonMs} ms ago), where older changes are already folded into absolute values; ` +
    'send a snapshot (an absolute count) of the position instead';
  return { reason: 'older-than-settle-horizon', index, input, message };
}

/** Validates, checks authority, then applies each SKU's events atomically (see `applySkus`). */
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
  const skus = [...bySku].map(([sku, entries]) => ({
    sku,
    skuKeys: keys.sku(sku),
    events: entries.map((entry) => entry.event),
  }));
  const applied = await applySkus(scripts, options, skus, readLocations);
  for (const [sku, entries] of bySku) {
    const { codes, state } = applied.get(sku) ?? { codes: '', state: { sku, version: 0, positions: new Map() } };
    entries.forEach(({ index, event }, position) => {
      const code = codes[position];
      if (code === 'o') tooOld.set(index, event);
      else outcomes[index] = strongerOutcome(outcomes[index], outcomeByCode[code as keyof typeof outcomeByCode]);
    });
    if (codes.includes('a')) changedSkus.set(sku, state.version);
    states.set(sku, state);
  }
  for (const [index, event] of tooOld) {
    // A kit's components share the time, so a part applied only where another part's change was covered.
    if (outcomes[index] === 'applied') continue;
    outcomes[index] = undefined;
    rejections.push(olderThanHorizon(inputs[index], index, event, options.settleHorizonMs));
  }
  rejections.sort((a, b) => a.index - b.index);
  return { outcomes, rejections, changedSkus, touchedSkus: new Set(bySku.keys()), states };
}
