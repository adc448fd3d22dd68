import { createConnectionMapping } from '@stockwire/connector-kit';
import { conformanceChannel, createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import type { NetSuiteItemKey } from './netsuite-queries.ts';
import { NetSuiteConnectorSettingsSchema } from './netsuite-settings.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const connection = 'netsuite-item-key';
/** Each item holds a different value in each of the three fields, so only the chosen field can match an alias. */
const red = { itemid: 'Red shirt', upcCode: '0001', externalId: 'EXT-RED' };
const green = { itemid: 'Green shirt', upcCode: undefined, externalId: 'EXT-GREEN' };
const fieldOf = (item: typeof red | typeof green, itemKey: NetSuiteItemKey) =>
  itemKey === 'itemId' ? item.itemid : item[itemKey];

/** A configuration whose aliases are the items' values of the chosen field only. */
function mappingFor(itemKey: NetSuiteItemKey) {
  const base = createConformanceConfiguration({
    connection,
    connector: 'netsuite',
    externalLocations: { north: '1', south: '2' },
  });
  const alias = (value: string | undefined) => (value === undefined ? [] : [{ connection, value }]);
  const configuration = StockwireConfigurationSchema.parse({
    ...base,
    skus: base.skus.map((sku) =>
      sku.id === 'SKU-RED'
        ? { ...sku, aliases: alias(fieldOf(red, itemKey)) }
        : sku.id === 'SKU-GREEN'
          ? { ...sku, aliases: alias(fieldOf(green, itemKey)) }
          : sku,
    ),
  });
  return createConnectionMapping(buildCatalog(configuration), connection);
}

describe.each(['itemId', 'upcCode', 'externalId'] as const)('itemKey %s', (itemKey) => {
  let sandbox: NetSuiteSandbox;
  let redItem: number;
  beforeAll(async () => {
    sandbox = await createNetSuiteSandbox({ account: '123456' });
    sandbox.addLocation(1);
    redItem = sandbox.addItem(red.itemid, 'InvtPart', { upcCode: red.upcCode, externalId: red.externalId });
    sandbox.setBalance(redItem, 1, { onHand: 7 });
    sandbox.setBalance(sandbox.addItem(green.itemid, 'InvtPart', { externalId: green.externalId }), 1, { onHand: 3 });
  });
  afterAll(async () => await sandbox?.close());
  const connector = () =>
    createNetSuiteConnector(
      {
        account: '123456',
        baseUrl: sandbox.baseUrl,
        authentication: tokenBased,
        itemKey,
        push: { adjustmentAccount: '58' },
      } as never,
      { mapping: mappingFor(itemKey), environment: sandboxEnvironment(sandbox) },
    );

  it('maps snapshot rows by that field; an item without it is a typed item failure naming the item', async () => {
    const page = await connector().snapshot?.read({});
    expect(page?.records.map((record) => [record.sku, record.quantities.onHand])).toEqual(
      itemKey === 'upcCode'
        ? [['SKU-RED', 7]]
        : [
            ['SKU-RED', 7],
            ['SKU-GREEN', 3],
          ],
    );
    if (itemKey === 'upcCode') {
      expect(page?.failures).toHaveLength(1);
      expect(page?.failures[0]?.error).toMatchObject({ name: 'PermanentItemError', retryable: false });
      expect(page?.failures[0]?.error.message).toContain('Green shirt');
      expect(page?.failures[0]?.error.message).toContain('upccode');
    } else expect(page?.failures).toEqual([]);
  });

  it('maps transaction lines by that field', async () => {
    const first = await connector().changes?.pull({});
    sandbox.addTransaction({ type: 'ItemRcpt', lines: [{ item: redItem, location: 1, quantity: 5 }] });
    const page = await connector().changes?.pull({ cursor: first?.cursor });
    expect(page?.events).toMatchObject([{ kind: 'receipt', sku: 'SKU-RED', location: 'wh-north', quantity: 5 }]);
    expect(page?.failures).toEqual([]);
  });

  it('finds the item to adjust by that field, sending the value as a bound parameter', async () => {
    const target = { key: 'k', channel: conformanceChannel, sku: 'SKU-RED', location: 'wh-north', quantity: 20 };
    const pushed = await connector().push?.push({
      idempotencyKey: `item-key-${itemKey}`,
      items: [{ ...target, status: 'in-stock' }],
    });
    expect(pushed?.results).toMatchObject([{ outcome: 'written', remoteQuantity: 20 }]);
    expect(sandbox.balance(redItem, 1).onHand).toBe(20);
    const read = sandbox.exchanges.filter((exchange) => exchange.request.path.endsWith('/suiteql')).at(-1);
    expect(read?.request.json).toMatchObject({ params: ['1', fieldOf(red, itemKey)] });
  });
});

describe('the itemKey setting', () => {
  it('defaults to the item name and refuses any other field', () => {
    const parse = (extra: object) =>
      NetSuiteConnectorSettingsSchema.safeParse({ account: '1', authentication: tokenBased, ...extra });
    expect(parse({}).data?.itemKey).toBe('itemId');
    expect(parse({ itemKey: 'upcCode' }).data?.itemKey).toBe('upcCode');
    expect(parse({ itemKey: 'displayName' }).success).toBe(false);
  });
});
