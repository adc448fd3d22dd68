import { createConnectionMapping, createMemoryConnectorState } from '@stockwire/connector-kit';
import { type ConnectorStateStoreV2, PermanentItemError } from '@stockwire/connector-spec';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSquareSandbox, type SquareSandbox } from './sandbox/index.ts';
import { squareCatalogVersionKey } from './square-catalog-version.ts';
import {
  catalog,
  conformanceConnection,
  north,
  sandboxSettings,
  signatureKeyVariable,
  tokenVariable,
  vendorSku,
} from './square-conformance-harness.test-helpers.ts';
import { createSquareConnector } from './square-connector.ts';

/**
 * Two runner processes of one connection: separate connector instances (each with its own catalog in memory)
 * sharing one state store — the in-memory one the kit provides, standing in for the runner's Redis store, which
 * gives every instance of a connection the same keys.
 */
describe('catalog.version.updated reaches every process of the connection through the shared state', () => {
  let sandbox: SquareSandbox;
  let green: string;

  beforeAll(async () => {
    sandbox = await createSquareSandbox();
  });
  afterAll(async () => await sandbox?.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.addLocation(north);
    sandbox.addVariation(vendorSku('SKU-RED'));
    green = sandbox.addVariation(vendorSku('SKU-GREEN'));
    sandbox.setCount(green, north, 'IN_STOCK', '3');
  });

  const processOf = (state: ConnectorStateStoreV2 | undefined) =>
    createSquareConnector(sandboxSettings(sandbox) as never, {
      mapping: createConnectionMapping(catalog, conformanceConnection),
      environment: { [tokenVariable]: sandbox.accessToken, [signatureKeyVariable]: sandbox.signatureKey },
      state,
    });
  const parse = async (connector: ReturnType<typeof processOf>, body: string) => {
    const webhook = sandbox.webhook(body);
    await connector.webhooks?.verify(webhook);
    const parsed = await connector.webhooks?.parse(webhook);
    if (parsed === undefined) throw new Error('the connector has no webhooks');
    return parsed;
  };
  const push = async (connector: ReturnType<typeof processOf>, sku: string, key: string) => {
    const result = await connector.push?.push({
      idempotencyKey: key,
      items: [{ key: sku, channel: 'web', sku, location: 'wh-north', quantity: 5, status: 'in-stock' }],
    });
    if (result === undefined) throw new Error('the connector has no push');
    return result.results[0];
  };
  const skusOfCountWebhook = async (connector: ReturnType<typeof processOf>) =>
    (await parse(connector, sandbox.countUpdatedEvent([{ variationId: green, locationId: north }]))).records?.map(
      (record) => record.sku,
    );
  /** The seller re-labels the variation in Square (same variation id, new SKU). */
  const renameGreenToBlue = () => {
    const variation = sandbox.state.variations.get(green);
    if (variation === undefined) throw new Error('no variation');
    sandbox.state.variations.set(green, { ...variation, sku: vendorSku('SKU-BLUE') });
  };

  it('a process that did not get the webhook maps the renamed SKU on its next job; the old SKU fails typed', async () => {
    const state = createMemoryConnectorState();
    const receiver = processOf(state);
    const other = processOf(state);
    // Both processes have loaded the catalog with the old SKU.
    expect(await skusOfCountWebhook(receiver)).toEqual(['SKU-GREEN']);
    expect(await skusOfCountWebhook(other)).toEqual(['SKU-GREEN']);

    renameGreenToBlue();
    const changed = await parse(receiver, sandbox.catalogVersionEvent({ eventId: 'evt-catalog-shared' }));
    expect(changed).toMatchObject({ deliveryId: 'evt-catalog-shared', events: [], failures: [] });
    expect(await state.get(squareCatalogVersionKey)).toEqual(expect.any(String));

    // The old SKU is no variation's any more: a permanent item error, not a count written to the renamed one.
    const old = await push(other, 'SKU-GREEN', 'shared-version-old');
    expect(old).toMatchObject({ key: 'SKU-GREEN', outcome: 'failed' });
    expect(old?.outcome === 'failed' ? old.error : undefined).toBeInstanceOf(PermanentItemError);
    expect(old?.outcome === 'failed' ? old.error.retryable : undefined).toBe(false);
    expect(sandbox.count(green, north)).toBe('3');
    // The variation's counts come back under the new SKU, and a push of the new SKU reaches it.
    expect(await skusOfCountWebhook(other)).toEqual(['SKU-BLUE']);
    expect(await push(other, 'SKU-BLUE', 'shared-version-new')).toMatchObject({ key: 'SKU-BLUE', outcome: 'written' });
    expect(sandbox.count(green, north)).toBe('5');
  });

  it('reads the shared version once per job, and reloads only when it moved', async () => {
    const state = createMemoryConnectorState();
    const other = processOf(state);
    await skusOfCountWebhook(other);
    const searches = () => sandbox.answers.filter((answer) => answer.request.path === '/v2/catalog/search').length;
    const before = searches();
    await skusOfCountWebhook(other);
    expect(searches()).toBe(before);
    await parse(processOf(state), sandbox.catalogVersionEvent());
    await skusOfCountWebhook(other);
    expect(searches()).toBe(before + 1);
  });

  it('without a state store, another process keeps its catalog until it restarts (as before)', async () => {
    const receiver = processOf(undefined);
    const other = processOf(undefined);
    expect(await skusOfCountWebhook(other)).toEqual(['SKU-GREEN']);
    renameGreenToBlue();
    await parse(receiver, sandbox.catalogVersionEvent());
    expect(await skusOfCountWebhook(other)).toEqual(['SKU-GREEN']);
    expect(await skusOfCountWebhook(processOf(undefined))).toEqual(['SKU-BLUE']);
  });
});
