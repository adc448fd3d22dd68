import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createLogger, createRunner, type Runner } from '@stockwire/runner';

export const vendorConnection = 'vendor';
export const authorityConnection = 'erp';

export interface VendorWorldInput {
  /** Short name for keys and folders: `shopify`, `amazon`, `latency`. */
  readonly name: string;
  readonly vendor: 'shopify' | 'amazon';
  readonly skuCount: number;
  /** The vendor's location ids (Shopify location gids, Amazon marketplace ids); one canonical location and one channel each. */
  readonly vendorLocations: readonly string[];
  readonly settings: Record<string, unknown>;
  readonly environment: NodeJS.ProcessEnv;
  readonly redisUrl: string;
  /** Seeds a converged installation at this value before the workers start (see seedConverged). */
  readonly seedValue?: number | undefined;
  /** Work before the workers start, beside the seeding (e.g. loading the connector's catalog). */
  readonly warmUp?: ((world: VendorWorld) => Promise<void>) | undefined;
  /** Runner options beyond the production defaults (each scenario says which it changes and why). */
  readonly runnerOptions?: Record<string, unknown>;
  /**
   * The authority connection (`erp`) when it is not the file connector: its connector, settings and the authority's
   * own location ids, one per vendor location and in the same order (each maps to the same canonical location).
   */
  readonly authority?: {
    readonly connector: string;
    readonly settings: Record<string, unknown>;
    readonly locations: readonly string[];
  };
}

/** A runner in this process: an ERP (file connector, the authority) and one vendor connection with one channel per location. */
export interface VendorWorld {
  readonly runner: Runner;
  readonly configuration: StockwireConfiguration;
  readonly skus: readonly string[];
  readonly locations: readonly string[];
  /** The canonical location of each vendor location id. */
  readonly locationOf: ReadonlyMap<string, string>;
  readonly channelOf: (location: string) => string;
  close(): Promise<void>;
}

export const benchSku = (index: number) => `SKU-${String(index).padStart(6, '0')}`;

export async function startVendorWorld(input: VendorWorldInput): Promise<VendorWorld> {
  const root = await mkdtemp(join(tmpdir(), `stockwire-bench-${input.name}-`));
  await mkdir(join(root, 'erp'), { recursive: true });
  const locations = input.vendorLocations.map((_, index) => `loc-${String(index + 1).padStart(3, '0')}`);
  const locationOf = new Map(
    input.vendorLocations.map((vendorLocation, index) => [vendorLocation, locations[index] ?? '']),
  );
  const channelOf = (location: string) => `channel-${location}`;
  const skus = Array.from({ length: input.skuCount }, (_, index) => benchSku(index));
  const configuration = StockwireConfigurationSchema.parse({
    version: 1,
    locations: locations.map((id) => ({ id, kind: 'store' })),
    skus: skus.map((id) => ({ id })),
    connections: {
      [authorityConnection]:
        input.authority === undefined
          ? { connector: 'file', settings: { transport: { kind: 'folder', path: join(root, 'erp') } } }
          : {
              connector: input.authority.connector,
              locations: Object.fromEntries(
                input.authority.locations.map((authorityLocation, index) => [authorityLocation, locations[index]]),
              ),
              settings: input.authority.settings,
            },
      [vendorConnection]: {
        connector: input.vendor,
        locations: Object.fromEntries(locationOf),
        settings: input.settings,
      },
    },
    authority: [{ connections: [authorityConnection], states: '*' }],
    channels: locations.map((location) => ({
      id: channelOf(location),
      connection: vendorConnection,
      locations: [location],
    })),
  });
  const runner = await createRunner({
    configuration,
    redisUrl: input.redisUrl,
    options: { keyPrefix: `bench-${input.name}`, reconcileIntervalSeconds: 0, ...input.runnerOptions },
    environment: input.environment,
    logger: createLogger({ level: process.env.STOCKWIRE_BENCH_LOG_LEVEL ?? 'silent' }),
  });
  const world: VendorWorld = {
    runner,
    configuration,
    skus,
    locations,
    locationOf,
    channelOf,
    async close() {
      await runner.close();
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await Promise.all([
      input.seedValue === undefined ? undefined : seedConverged(world, input.seedValue),
      input.warmUp?.(world),
    ]);
    await runner.start();
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

/**
 * The state a previous sync leaves: every position known at `value` and that value recorded as pushed to every
 * channel (the vendor was seeded with it), so a measured phase starts from a converged installation. Goes through
 * the engine directly, before the runner's workers start; nothing here is timed or counted.
 */
async function seedConverged(world: VendorWorld, value: number): Promise<void> {
  const { engine } = world.runner;
  // An hour ago: older than any measured event, and inside the engine's settle horizon whatever the date.
  const occurredAt = new Date(Date.now() - 3_600_000).toISOString();
  const events = world.locations.flatMap((location) =>
    world.skus.map((sku) => snapshotEvent(sku, location, value, `bench/seed-${sku}-${location}`, occurredAt)),
  );
  let next = 0;
  const ingest = async () => {
    while (next < events.length) {
      const batch = events.slice(next, next + 1_000);
      next += 1_000;
      await engine.ingest({ connection: authorityConnection, events: batch });
    }
  };
  await Promise.all([ingest(), ingest(), ingest(), ingest()]);
  // Every planned value settled as written: the record a finished push leaves, with no connector call.
  for (;;) {
    const plan = await engine.planPush(vendorConnection, 5_000);
    const settled = await engine.settlePush(
      vendorConnection,
      plan,
      plan.items.map((item) => ({ key: item.key, outcome: 'written' as const })),
    );
    if (!plan.moreWaiting && !settled.moreWaiting) break;
  }
}

/** An authority snapshot setting one position's on-hand quantity (the channel shows exactly that: no policy). */
export function snapshotEvent(sku: string, location: string, onHand: number, key: string, occurredAt: string) {
  return {
    kind: 'snapshot',
    idempotencyKey: key,
    source: authorityConnection,
    occurredAt,
    sku,
    location,
    quantities: { onHand },
  };
}

/** Hands events to the runner's apply queue, as a poll page or a verified webhook becomes, `batchSize` per job. */
export async function enqueueEvents(runner: Runner, events: readonly unknown[], batchSize: number): Promise<void> {
  for (let start = 0; start < events.length; start += batchSize) {
    await runner.enqueue({
      queue: 'apply',
      name: 'apply',
      data: {
        connection: authorityConnection,
        origin: 'poll',
        events: events.slice(start, start + batchSize),
        receivedAt: Date.now(),
      },
    });
  }
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
