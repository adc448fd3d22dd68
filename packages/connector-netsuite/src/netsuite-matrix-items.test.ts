import { createConnectionMapping } from '@stockwire/connector-kit';
import { conformanceChannel } from '@stockwire/connector-kit/testing';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const connection = 'netsuite-matrix';
/** A T-shirt style (the matrix parent) and two of its size children, each a canonical SKU. */
const configuration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [{ id: 'wh-north', kind: 'warehouse' }],
  skus: [{ id: 'TEE-S' }, { id: 'TEE-M' }, { id: 'TEE' }],
  connections: { [connection]: { connector: 'netsuite', locations: { '1': 'wh-north' }, settings: {} } },
  authority: [{ connections: [connection], states: '*' }],
  channels: [{ id: conformanceChannel, connection, locations: ['wh-north'] }],
});
const mapping = createConnectionMapping(buildCatalog(configuration), connection);
const target = (sku: string, quantity: number) => ({
  key: sku,
  channel: conformanceChannel,
  sku,
  location: 'wh-north',
  quantity,
  status: 'in-stock' as const,
});

describe('NetSuite matrix items: the children are the stocked SKUs, the parent never is', () => {
  let sandbox: NetSuiteSandbox;
  let parent: number;
  let small: number;
  let medium: number;
  beforeAll(async () => {
    sandbox = await createNetSuiteSandbox({ account: '123456' });
    sandbox.addLocation(1);
    parent = sandbox.addMatrixParent('TEE');
    small = sandbox.addItem('TEE-S', 'InvtPart', { parent });
    medium = sandbox.addItem('TEE-M', 'InvtPart', { parent });
    sandbox.setBalance(small, 1, { onHand: 4 });
    sandbox.setBalance(medium, 1, { onHand: 6 });
    // A balance row on the parent (some accounts show the children's sum there): never a SKU's stock.
    sandbox.setBalance(parent, 1, { onHand: 10 });
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

  it('reads each child as its own SKU and never the parent', async () => {
    const page = await connector().snapshot?.read({});
    expect(page?.records.map((record) => [record.sku, record.quantities.onHand])).toEqual([
      ['TEE-S', 4],
      ['TEE-M', 6],
    ]);
    expect(page?.failures).toEqual([]);
  });

  it("maps a child's transaction line to the child's SKU", async () => {
    const first = await connector().changes?.pull({});
    sandbox.addTransaction({ type: 'ItemRcpt', lines: [{ item: medium, location: 1, quantity: 2 }] });
    const page = await connector().changes?.pull({ cursor: first?.cursor });
    expect(page?.events).toMatchObject([{ kind: 'receipt', sku: 'TEE-M', quantity: 2 }]);
  });

  it('adjusts a child, and refuses a SKU mapped to the parent as a typed item error, adjusting nothing for it', async () => {
    const pushed = await connector().push?.push({
      idempotencyKey: 'matrix-1',
      items: [target('TEE-S', 9), target('TEE', 3)],
    });
    const byKey = new Map(pushed?.results.map((result) => [result.key, result]));
    expect(byKey.get('TEE-S')).toMatchObject({ outcome: 'written', remoteQuantity: 9 });
    expect(byKey.get('TEE')).toMatchObject({
      outcome: 'failed',
      error: { name: 'PermanentItemError', retryable: false },
    });
    const failure = byKey.get('TEE');
    expect(failure?.outcome === 'failed' ? failure.error.message : '').toContain('matrix parent');
    expect(sandbox.balance(small, 1).onHand).toBe(9);
    expect(sandbox.balance(parent, 1).onHand).toBe(10);
  });
});
