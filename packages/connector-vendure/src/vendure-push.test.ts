import { createConnectionMapping } from '@stockwire/connector-kit';
import { AuthenticationError, ConnectorConfigurationError, type PushItemV2 } from '@stockwire/connector-spec';
import { createVariant, readStockLevels, setStockLevels } from '@stockwire/vendure-testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  catalog,
  conformanceConnection,
  connectorSettings,
  emptyRemote,
  north,
  south,
  startVendureWorld,
  type VendureWorld,
  worldConnector,
} from './test-support/vendure-conformance-harness.ts';
import { createVendureConnector } from './vendure-connector.ts';

let world: VendureWorld;
let variantId: string;
beforeAll(async () => {
  world = await startVendureWorld();
  // Reported for the start-up budget (~30 s); never asserted (no timing asserts in tests).
  console.info(`Vendure test server populated and started in ${world.vendure.startupMs} ms`);
});
afterAll(async () => {
  await world?.proxy.close();
  await world?.vendure.close();
});
beforeEach(async () => {
  await emptyRemote(world.vendure);
  variantId = await createVariant(world.vendure, 'SKU-RED', [
    { stockLocationId: north, stockOnHand: 10 },
    { stockLocationId: south, stockOnHand: 4 },
  ]);
});

interface VariantState {
  enabled: boolean;
  trackInventory: string;
  useGlobalOutOfStockThreshold: boolean;
  outOfStockThreshold: number;
  stockLevels: Array<{ stockLocationId: string; stockOnHand: number }>;
}
async function variantState(): Promise<VariantState> {
  const answer = await world.vendure.admin<{ productVariant: VariantState }>(
    `query ($id: ID!) { productVariant(id: $id) { enabled trackInventory useGlobalOutOfStockThreshold outOfStockThreshold
      stockLevels { stockLocationId stockOnHand } } }`,
    { id: variantId },
  );
  return answer.productVariant;
}

const item = (overrides: Partial<PushItemV2> = {}): PushItemV2 => ({
  key: 'web/SKU-RED',
  channel: 'web',
  sku: 'SKU-RED',
  location: 'wh-north',
  quantity: 7,
  status: 'in-stock',
  ...overrides,
});

describe('the real Vendure test server', () => {
  it('answers an Admin API call authenticated by an API key alone', async () => {
    const response = await fetch(world.vendure.adminApiUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'vendure-api-key': world.apiKey,
        'vendure-token': world.vendure.channelToken,
      },
      body: JSON.stringify({ query: '{ activeChannel { code } }' }),
    });
    expect(await response.json()).toEqual({ data: { activeChannel: { code: '__default_channel__' } } });
  });

  it('keeps stock per variant × stock location, absolute', async () => {
    await setStockLevels(world.vendure, variantId, [{ stockLocationId: south, stockOnHand: 9 }]);
    expect(await readStockLevels(world.vendure, variantId)).toEqual(
      expect.arrayContaining([
        { stockLocationId: north, stockOnHand: 10, stockAllocated: 0 },
        { stockLocationId: south, stockOnHand: 9, stockAllocated: 0 },
      ]),
    );
  });
});

describe('pushing to a real Vendure server', () => {
  it('writes absolute stock on hand at the mapped stock location only', async () => {
    const answer = await worldConnector(world, { requestTimeoutMs: 30_000 }).push?.push({
      items: [item()],
      idempotencyKey: 'push-1',
    });
    expect(answer?.results).toEqual([{ key: 'web/SKU-RED', outcome: 'written', remoteQuantity: 7 }]);
    expect((await variantState()).stockLevels).toEqual(
      expect.arrayContaining([
        { stockLocationId: north, stockOnHand: 7 },
        { stockLocationId: south, stockOnHand: 4 },
      ]),
    );
  });

  it('refuses a stale expectation with what Vendure shows, and writes nothing', async () => {
    // Someone at the Vendure dashboard set 12 after Stockwire last saw 10.
    await setStockLevels(world.vendure, variantId, [{ stockLocationId: north, stockOnHand: 12 }]);
    const answer = await worldConnector(world, { requestTimeoutMs: 30_000 }).push?.push({
      items: [item({ expectedRemote: 10 })],
      idempotencyKey: 'push-stale',
    });
    expect(answer?.results).toEqual([{ key: 'web/SKU-RED', outcome: 'stale', remoteQuantity: 12 }]);
    expect((await variantState()).stockLevels).toContainEqual({ stockLocationId: north, stockOnHand: 12 });
  });

  it('sets the listing status: disabled disables the variant, backorder a negative out-of-stock threshold', async () => {
    const connector = worldConnector(world, { backorderLimit: 25, requestTimeoutMs: 30_000 });
    await connector.push?.push({ items: [item({ status: 'disabled' })], idempotencyKey: 'push-disabled' });
    expect((await variantState()).enabled).toBe(false);
    await connector.push?.push({ items: [item({ status: 'backorder' })], idempotencyKey: 'push-backorder' });
    expect(await variantState()).toMatchObject({
      enabled: true,
      trackInventory: 'TRUE',
      useGlobalOutOfStockThreshold: false,
      outOfStockThreshold: -25,
    });
    const back = await connector.push?.push({ items: [item()], idempotencyKey: 'push-in-stock' });
    expect(back?.results[0]?.outcome).toBe('written');
    expect((await variantState()).useGlobalOutOfStockThreshold).toBe(true);
  });

  it('fails a push with a refused API key as AuthenticationError, naming no secret', async () => {
    const connector = createVendureConnector(connectorSettings(world, { requestTimeoutMs: 30_000 }) as never, {
      mapping: createConnectionMapping(catalog, conformanceConnection),
      environment: { VENDURE_API_KEY: 'not-a-real-key-4f1c' },
    });
    const failure = await connector.push
      ?.push({ items: [item()], idempotencyKey: 'push-auth' })
      .catch((error) => error);
    expect(AuthenticationError.isInstance(failure)).toBe(true);
    expect(String(failure.message)).not.toContain('not-a-real-key-4f1c');
  });

  it('names the setting and the variable when the API key is not in the environment', async () => {
    const connector = createVendureConnector(connectorSettings(world, { requestTimeoutMs: 30_000 }) as never, {
      mapping: createConnectionMapping(catalog, conformanceConnection),
      environment: {},
    });
    const failure = await connector.snapshot?.read({}).catch((error) => error);
    expect(ConnectorConfigurationError.isInstance(failure)).toBe(true);
    expect(failure.message).toContain('authentication.apiKey names the environment variable VENDURE_API_KEY');
  });

  it('refuses unknown settings keys at creation', () => {
    expect(() =>
      createVendureConnector({ ...connectorSettings(world), shopToken: 'x' } as never, {
        mapping: createConnectionMapping(catalog, conformanceConnection),
      }),
    ).toThrow(/settings\.\(root\)|shopToken/);
  });
});
