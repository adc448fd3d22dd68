import { createConnectionMapping } from '@stockwire/connector-kit';
import { conformanceChannel, createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceRecords } from './map-netsuite-balances.ts';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import { toStockUnits } from './netsuite-units-of-measure.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const connection = 'netsuite-units';
const configuration = createConformanceConfiguration({
  connection,
  connector: 'netsuite',
  externalLocations: { north: '1', south: '2' },
});
const mapping = createConnectionMapping(buildCatalog(configuration), connection);
const target = (key: string, quantity: number) => ({
  key,
  channel: conformanceChannel,
  sku: 'SKU-RED',
  location: 'wh-north',
  quantity,
  status: 'in-stock' as const,
});

describe('NetSuite units of measure: an item kept in cases of 12', () => {
  let sandbox: NetSuiteSandbox;
  let item: number;
  let caseUnit: number;
  beforeAll(async () => {
    sandbox = await createNetSuiteSandbox({ account: '123456' });
    sandbox.addLocation(1);
    const units = sandbox.addUnitsType(7, { each: 1, case: 12 });
    caseUnit = units.case ?? 0;
    item = sandbox.addItem('SKU-RED', 'InvtPart', { unitsType: 7, stockUnit: caseUnit });
    // 5 cases received, entered in cases as a warehouse enters them.
    sandbox.addTransaction({ type: 'ItemRcpt', lines: [{ item, location: 1, quantity: 5, units: caseUnit }] });
  });
  afterAll(async () => await sandbox?.close());
  const connector = () =>
    createNetSuiteConnector(
      {
        account: '123456',
        baseUrl: sandbox.baseUrl,
        authentication: tokenBased,
        push: { adjustmentAccount: '58' },
      } as never,
      { mapping, environment: sandboxEnvironment(sandbox) },
    );
  const onHandRead = async () => (await connector().snapshot?.read({}))?.records[0]?.quantities;

  it('reads 5 cases on hand as 60 units (NetSuite stores the base unit: no second multiplication)', async () => {
    expect(sandbox.balance(item, 1).onHand).toBe(60);
    expect(await onHandRead()).toMatchObject({ onHand: 60, available: 60 });
  });

  it('reads a receipt line of 2 cases as +24, and a re-read of the same page gives the same line keys', async () => {
    const first = await connector().changes?.pull({});
    const cursor = first?.cursor;
    sandbox.addTransaction({ type: 'ItemRcpt', lines: [{ item, location: 1, quantity: 2, units: caseUnit }] });
    const page = await connector().changes?.pull({ cursor });
    expect(page?.events).toHaveLength(1);
    expect(page?.events[0]).toMatchObject({ kind: 'receipt', sku: 'SKU-RED', quantity: 24 });
    const again = await connector().changes?.pull({ cursor });
    expect(again?.events).toEqual(page?.events);
    expect(await onHandRead()).toMatchObject({ onHand: 84 });
  });

  it('pushes a target of 48 from 84 as an adjustment of -3 cases, after which NetSuite holds 48 and a retry is unchanged', async () => {
    const pushed = await connector().push?.push({ idempotencyKey: 'units-48', items: [target('a', 48)] });
    expect(pushed?.results[0]).toMatchObject({ outcome: 'written', remoteQuantity: 48 });
    const created = sandbox.exchanges.filter((exchange) => exchange.request.path.endsWith('/inventoryAdjustment'));
    expect(created.at(-1)?.request.json).toMatchObject({
      inventory: { items: [{ item: { id: String(item) }, location: { id: '1' }, adjustQtyBy: -3 }] },
    });
    expect(sandbox.balance(item, 1).onHand).toBe(48);
    const retried = await connector().push?.push({ idempotencyKey: 'units-48', items: [target('a', 48)] });
    expect(retried?.results[0]).toMatchObject({ outcome: 'unchanged', remoteQuantity: 48 });
  });

  it('refuses a target that is not a whole number of cases away as a typed item error naming SKU and unit', async () => {
    const before = sandbox.countTransactions('InvAdjst');
    const pushed = await connector().push?.push({ idempotencyKey: 'units-50', items: [target('b', 50)] });
    const result = pushed?.results[0];
    expect(result).toMatchObject({ outcome: 'failed', error: { name: 'PermanentItemError', retryable: false } });
    const message = result?.outcome === 'failed' ? result.error.message : '';
    expect(message).toContain('SKU-RED');
    expect(message).toContain('case');
    expect(sandbox.countTransactions('InvAdjst')).toBe(before);
    expect(sandbox.balance(item, 1).onHand).toBe(48);
  });
});

describe('unit arithmetic', () => {
  it('rounds a fractional base quantity down for on hand and available', () => {
    const row = {
      item: '1',
      itemid: 'SKU-RED',
      itemkey: 'SKU-RED',
      location: '1',
      quantityonhand: '59.5',
      quantityavailable: '59.9',
    };
    const [record] = balanceRecords([row], mapping, '2026-12-04T00:00:00.000Z', connection).records;
    expect(record?.quantities).toMatchObject({ onHand: 59, available: 59 });
  });

  it('converts whole differences to stock units and keeps items without a unit type in base units', () => {
    const context = { connection, sku: 'SKU-RED' };
    expect(toStockUnits(-36, { name: 'case', rate: 12 }, context)).toBe(-3);
    // 0.3 / 0.001 is 299.99999999999994 in floating point: float noise, not a fraction of a gram.
    expect(toStockUnits(0.3, { name: 'gram', rate: 0.001 }, context)).toBe(300);
    expect(toStockUnits(7, undefined, context)).toBe(7);
    expect(() => toStockUnits(13, { name: 'case', rate: 12 }, context)).toThrow(/SKU-RED.*case/);
  });
});
