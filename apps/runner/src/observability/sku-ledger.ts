import type { ChannelSkuStatus, Engine } from '@stockwire/engine';
import { channelListsSku, type QuantitiesByState, type StockwireConfiguration } from '@stockwire/model';
import { type SyncState, syncStateOf } from './sync-state.ts';

/** What the SKU view reads: the configuration and the engine's public reads. */
export interface SkuLedgerSource {
  readonly configuration: StockwireConfiguration;
  readonly engine: Pick<Engine, 'quantities' | 'status' | 'ledger'>;
}

/** One valid update the engine applied to the SKU: who sent it, what it was, when. */
export interface SkuUpdate {
  /** When the engine applied it (ISO 8601). */
  readonly appliedAt: string;
  /** The connection the event came from (`source`). */
  readonly source: string;
  readonly idempotencyKey: string;
  readonly kind: string;
  readonly location: string;
  /** When it happened, as the source says. */
  readonly occurredAt: string;
  /** The ledger keeps applied events only: duplicates and superseded events changed nothing. */
  readonly outcome: 'applied';
  /** The event's own fields (quantity, change, counted, states, reason, references…). */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface SkuLedgerView {
  readonly sku: string;
  readonly name: string | null;
  /** Component SKUs of a kit (a kit has no stock of its own, so no positions and no ledger). */
  readonly kitComponents: ReadonlyArray<{ sku: string; quantity: number }>;
  readonly positions: ReadonlyArray<{
    readonly location: string;
    readonly quantities: QuantitiesByState;
    /** The newest update at this location among those read, or null. */
    readonly lastUpdate: SkuUpdate | null;
  }>;
  readonly channels: ReadonlyArray<
    { readonly channel: string; readonly connection: string; readonly state: SyncState } & ChannelSkuStatus
  >;
  /** Newest first. */
  readonly updates: readonly SkuUpdate[];
}

export interface SkuLedgerQuery {
  readonly location?: string | undefined;
  /** Updates returned; default 20. */
  readonly limit?: number | undefined;
}

/** How far back a location filter looks: the engine's ledger is one list per SKU, read newest first. */
const locationScanLimit = 1_000;
const baseFields = new Set(['idempotencyKey', 'source', 'occurredAt', 'sequence', 'sku', 'location', 'kind']);

function updateOf(entry: Awaited<ReturnType<Engine['ledger']>>[number]): SkuUpdate {
  const event = entry.event;
  const text = (field: string) => (typeof event[field] === 'string' ? (event[field] as string) : '');
  const detail = Object.fromEntries(Object.entries(event).filter(([field]) => !baseFields.has(field)));
  return {
    appliedAt: new Date(entry.at).toISOString(),
    source: text('source'),
    idempotencyKey: text('idempotencyKey'),
    kind: text('kind'),
    location: text('location'),
    occurredAt: text('occurredAt'),
    outcome: 'applied',
    detail,
  };
}

/**
 * A SKU as the engine holds it: quantities by state per location, each channel's computed, pushed and last-seen
 * values, and the last updates with their source ("which system sent the last valid update"). Undefined when the
 * configuration has no such SKU. Composed from the engine's reads only; nothing changes.
 */
export async function readSkuLedger(
  source: SkuLedgerSource,
  sku: string,
  query: SkuLedgerQuery = {},
): Promise<SkuLedgerView | undefined> {
  const { configuration, engine } = source;
  const definition = configuration.skus.find((candidate) => candidate.id === sku);
  if (definition === undefined) return undefined;
  const limit = Math.min(Math.max(query.limit ?? 20, 1), locationScanLimit);
  const locations = configuration.locations
    .map((location) => location.id)
    .filter((location) => query.location === undefined || location === query.location);
  const isKit = definition.kit !== undefined;

  const entries = isKit ? [] : await engine.ledger(sku, query.location === undefined ? limit : locationScanLimit);
  const allUpdates = entries
    .map(updateOf)
    .filter((update) => query.location === undefined || update.location === query.location);
  const positions = isKit
    ? []
    : await Promise.all(
        locations.map(async (location) => ({
          location,
          quantities: await engine.quantities(sku, location),
          lastUpdate: allUpdates.find((update) => update.location === location) ?? null,
        })),
      );
  const channels = await Promise.all(
    configuration.channels
      .filter((channel) => channelListsSku(channel, sku))
      .map(async (channel) => {
        const status = await engine.status(sku, channel.id);
        return { channel: channel.id, connection: channel.connection, ...status, state: syncStateOf(status) };
      }),
  );
  return {
    sku,
    name: definition.name ?? null,
    kitComponents: (definition.kit?.components ?? []).map(({ sku: component, quantity }) => ({
      sku: component,
      quantity,
    })),
    positions,
    channels,
    updates: allUpdates.slice(0, limit),
  };
}
