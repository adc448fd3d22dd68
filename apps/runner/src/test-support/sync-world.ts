import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileSandbox, type FileSandbox } from '@stockwire/connector-file/sandbox';
import { type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { stringify } from 'yaml';

/** The fixture connector, named by path as an operator names a connector of their own. */
export const webhookFixtureConnectorPath = fileURLToPath(
  new URL('./webhook-fixture-connector/index.ts', import.meta.url),
);
export const fixtureSecretVariable = 'FIXTURE_SIGNING_SECRET';
export const fixtureSecret = 'fixture-signing-secret-0f3c9a';

export interface SyncWorldOptions {
  /** Adds the webhook fixture connection `hooks`; with a vendor URL it also publishes channel `market` there. */
  readonly hooks?: {
    readonly vendorUrl?: string;
    readonly pushBatchSize?: number;
    readonly rateLimit?: { ratePerSecond: number; burst: number };
    /** Whether `hooks` is an authority beside `wms` (default true); false makes its events rejected. */
    readonly authority?: boolean;
    /** Whether `hooks` also polls the fixture vendor's orders (`GET /orders`); needs `vendorUrl`. */
    readonly pollOrders?: boolean;
  };
  /** Rows per poll of the warehouse inbox (small values make a burst take many polls). */
  readonly pageSize?: number;
}

/**
 * A small, real installation on disk: a WMS (`wms`, file connector, the authority) whose inbox receives
 * adjustment files, a web store (`shop`, file connector) whose outbox receives availability exports for channel
 * `web`, and optionally the webhook fixture vendor (`hooks`).
 */
export interface SyncWorld {
  readonly root: string;
  readonly configurationFile: string;
  readonly configuration: StockwireConfiguration;
  readonly wms: FileSandbox;
  readonly shop: FileSandbox;
  readonly skus: readonly string[];
}

export const worldSkus = ['SKU-A', 'SKU-B', 'SKU-C', 'SKU-D'] as const;
/** The WMS calls SKU-A "W-A"; every other SKU goes by its canonical id. */
export const wmsSkuName = (sku: string) => (sku === 'SKU-A' ? 'W-A' : sku);

export async function createSyncWorld(options: SyncWorldOptions = {}): Promise<SyncWorld> {
  const root = await mkdtemp(join(tmpdir(), 'stockwire-world-'));
  // Worlds are read after their test (by runners still stopping); the test process's exit is the safe moment.
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  const wms = createFileSandbox(join(root, 'wms'));
  const shop = createFileSandbox(join(root, 'shop'));
  for (const sandbox of [wms, shop]) {
    await mkdir(sandbox.root, { recursive: true });
    await sandbox.layOut();
  }
  const hooks = options.hooks;
  const raw = {
    version: 1,
    locations: [
      { id: 'wh-1', kind: 'warehouse' },
      { id: 'wh-2', kind: 'warehouse' },
    ],
    skus: worldSkus.map((id) => (id === 'SKU-A' ? { id, aliases: [{ connection: 'wms', value: 'W-A' }] } : { id })),
    connections: {
      wms: {
        connector: 'file',
        locations: { WH1: 'wh-1', WH2: 'wh-2' },
        settings: { transport: { kind: 'folder', path: wms.root }, pageSize: options.pageSize ?? 500 },
      },
      shop: { connector: 'file', settings: { transport: { kind: 'folder', path: shop.root } } },
      ...(hooks === undefined
        ? {}
        : {
            hooks: {
              connector: webhookFixtureConnectorPath,
              locations: { L1: 'wh-1', L2: 'wh-2' },
              settings: {
                signingSecret: { env: fixtureSecretVariable },
                ...(hooks.vendorUrl === undefined ? {} : { baseUrl: hooks.vendorUrl }),
                ...(hooks.pushBatchSize === undefined ? {} : { pushBatchSize: hooks.pushBatchSize }),
                ...(hooks.rateLimit === undefined ? {} : { rateLimit: hooks.rateLimit }),
                ...(hooks.pollOrders === undefined ? {} : { pollOrders: hooks.pollOrders }),
              },
            },
          }),
    },
    authority: [
      { connections: hooks === undefined || hooks.authority === false ? ['wms'] : ['wms', 'hooks'], states: '*' },
    ],
    channels: [
      { id: 'web', connection: 'shop', locations: ['wh-1', 'wh-2'] },
      ...(hooks?.vendorUrl === undefined ? [] : [{ id: 'market', connection: 'hooks', locations: ['wh-1', 'wh-2'] }]),
    ],
  };
  const configurationFile = join(root, 'stockwire.yaml');
  await writeFile(configurationFile, stringify(raw));
  return {
    root,
    configurationFile,
    configuration: StockwireConfigurationSchema.parse(raw),
    wms,
    shop,
    skus: worldSkus,
  };
}

/** What channel `web` shows now in the shop's outbox, by canonical SKU. */
export async function publishedOnWeb(world: SyncWorld): Promise<Record<string, number>> {
  const shown: Record<string, number> = {};
  for (const row of await world.shop.publishedAvailability()) if (row.channel === 'web') shown[row.sku] = row.quantity;
  return shown;
}

/**
 * The world with the shop's snapshot rows at location `WEB` read as channel `web` (through warehouse wh-1), so that
 * reconciling the shop tells what the web store shows. The file on disk is left as it was.
 */
export function withShopSnapshots(world: SyncWorld): SyncWorld {
  const { connections } = world.configuration;
  const shop = connections.shop;
  if (shop === undefined) throw new Error('the world has no shop connection');
  return {
    ...world,
    configuration: {
      ...world.configuration,
      connections: { ...connections, shop: { ...shop, locations: { WEB: 'wh-1' } } },
    },
  };
}
