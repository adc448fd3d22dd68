import { createShipHeroSandbox, type ShipHeroSandbox } from '@stockwire/connector-shiphero/sandbox';

/** One ShipHero warehouse as its webhooks name it. */
export interface AuthorityWarehouse {
  readonly uuid: string;
  readonly legacyId: number;
  readonly identifier: string;
}

/**
 * ShipHero as the authority for on hand (the `erp` connection of the vendor world), one warehouse per Shopify
 * location, its Inventory Update webhook subscribed to the runner: the source whose webhook carries the new
 * quantity (Shopify's `inventory_levels/update` cannot drive the latency rows: the engine never takes `available`
 * from it). The sandbox answers the connector's own calls (token, the poll of inventory changes); the deliveries are
 * posted by the bench's poster (webhook-poster.ts), signed with the secret `webhook_create` returned.
 */
export interface ShipHeroAuthority {
  readonly sandbox: ShipHeroSandbox;
  readonly warehouses: readonly AuthorityWarehouse[];
  /** The Inventory Update subscription's `shared_signature_secret`. */
  readonly secret: string;
  /** The connection's settings and the environment they name. */
  readonly settings: Record<string, unknown>;
  readonly environment: NodeJS.ProcessEnv;
  /** Where the runner's HTTP server listens, once it does (the subscription's target is `<it>/webhooks/erp`). */
  listenAt(baseUrl: string): void;
  close(): Promise<void>;
}

export async function createShipHeroAuthority(input: {
  warehouseCount: number;
  connection: string;
}): Promise<ShipHeroAuthority> {
  const sandbox = await createShipHeroSandbox();
  const warehouses = Array.from({ length: input.warehouseCount }, (_, index) => {
    const legacyId = 70_001 + index;
    const identifier = `Bench warehouse ${index + 1}`;
    return { uuid: sandbox.addWarehouse(legacyId, identifier).uuid, legacyId, identifier };
  });
  let receiver: string | undefined;
  const subscription = sandbox.subscribe('Inventory Update', () => {
    if (receiver === undefined) throw new Error('ShipHero delivered before the runner listened');
    return `${receiver}/webhooks/${input.connection}`;
  });
  return {
    sandbox,
    warehouses,
    secret: subscription.secret,
    settings: {
      baseUrl: sandbox.baseUrl,
      authentication: { kind: 'refresh-token', refreshToken: { env: 'BENCH_SHIPHERO_REFRESH_TOKEN' } },
      webhookSecret: { env: 'BENCH_SHIPHERO_WEBHOOK_SECRET' },
    },
    environment: {
      BENCH_SHIPHERO_REFRESH_TOKEN: sandbox.refreshToken,
      BENCH_SHIPHERO_WEBHOOK_SECRET: subscription.secret,
    },
    listenAt(baseUrl) {
      receiver = baseUrl;
    },
    close: () => sandbox.close(),
  };
}
