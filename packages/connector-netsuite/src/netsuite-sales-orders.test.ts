import { createConnectionMapping } from '@stockwire/connector-kit';
import { createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import type { PollPageV2 } from '@stockwire/connector-spec';
import { buildCatalog, InventoryEventSchema } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetSuiteChangesCursor } from './netsuite-changes.ts';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const connection = 'netsuite-orders';
const configuration = createConformanceConfiguration({
  connection,
  connector: 'netsuite',
  externalLocations: { north: '1', south: '2' },
});
const mapping = createConnectionMapping(buildCatalog(configuration), connection);
const start = Date.parse('2026-12-01T09:00:00.000Z');

describe('NetSuite sales orders as reservations (NetSuite the authority for committed)', () => {
  let sandbox: NetSuiteSandbox;
  let red: number;
  let green: number;
  // One clock for NetSuite and the connector, a minute further at every step: NetSuite's dates have seconds only.
  let clock = start;
  const tick = () => {
    clock += 60_000;
  };
  const now = () => new Date(clock);
  beforeAll(async () => {
    sandbox = await createNetSuiteSandbox({ account: '123456', now });
    sandbox.addLocation(1);
    red = sandbox.addItem('SKU-RED');
    green = sandbox.addItem('SKU-GREEN');
    sandbox.setBalance(red, 1, { onHand: 10 });
    sandbox.setBalance(green, 1, { onHand: 2 });
  });
  afterAll(async () => await sandbox?.close());
  const connector = (reservations: object | null = {}) =>
    createNetSuiteConnector(
      {
        account: '123456',
        baseUrl: sandbox.baseUrl,
        authentication: tokenBased,
        ...(reservations === null ? {} : { reservations }),
      } as never,
      { mapping, environment: sandboxEnvironment(sandbox) },
      { now },
    );
  let ordersCursor: NetSuiteChangesCursor | undefined;
  let changesCursor: NetSuiteChangesCursor | undefined;
  const pullOrders = async () => {
    const page = (await connector().orders?.pull({ cursor: ordersCursor })) as PollPageV2<NetSuiteChangesCursor>;
    return page;
  };
  const advance = async () => {
    const orders = await pullOrders();
    ordersCursor = orders.cursor;
    const changes = (await connector().changes?.pull({ cursor: changesCursor })) as PollPageV2<NetSuiteChangesCursor>;
    changesCursor = changes.cursor;
    for (const event of [...orders.events, ...changes.events]) InventoryEventSchema.parse(event);
    return { orders, changes };
  };

  it('declares the orders feed only when reservations are set', () => {
    expect(connector(null).orders).toBeUndefined();
    expect(connector().orders?.suggestedIntervalSeconds).toBe(120);
  });

  it('a committed line is a reservation keyed by the transaction line; the same page read again gives the same events', async () => {
    await advance();
    tick();
    const order = sandbox.addSalesOrder({ lines: [{ item: red, location: 1, quantity: 3 }] });
    tick();
    const before = ordersCursor;
    const { orders } = await advance();
    expect(sandbox.balance(red, 1).committed).toBe(3);
    expect(orders.events).toEqual([
      expect.objectContaining({
        kind: 'reservation-created',
        idempotencyKey: `netsuite:123456:transaction:${order}:line:1:reserved`,
        sku: 'SKU-RED',
        location: 'wh-north',
        quantity: 3,
        orderReference: String(order),
        lineReference: '1',
        occurredAt: '2026-12-01T09:01:00.000Z',
      }),
    ]);
    const again = (await connector().orders?.pull({ cursor: before })) as PollPageV2<NetSuiteChangesCursor>;
    expect(again.events).toEqual(orders.events);
    // What the connector sent: the sales order shape, the oldest creation time first, then the cursor.
    const sent = sandbox.exchanges.filter((exchange) => exchange.request.path.endsWith('/suiteql')).at(-1);
    const body = sent?.request.json as { q: string; params: string[] };
    expect(body.q).toContain("t.type = 'SalesOrd'");
    expect(body.params[0]).toBe('2026-11-17 09:02:00');
  });

  it('a partial fulfilment is a shipment and the consumption of that much of the hold; closing releases the rest', async () => {
    tick();
    const order = sandbox.addSalesOrder({ lines: [{ item: red, location: 1, quantity: 4 }] });
    tick();
    await advance();
    tick();
    const fulfilment = sandbox.fulfilSalesOrder(order, { line: 1, quantity: 1 });
    tick();
    const shipped = await advance();
    expect(shipped.changes.events).toEqual([
      expect.objectContaining({ kind: 'shipment', sku: 'SKU-RED', quantity: 1 }),
      expect.objectContaining({
        kind: 'reservation-consumed',
        idempotencyKey: `netsuite:123456:transaction:${fulfilment}:line:1:consumed`,
        quantity: 1,
        orderReference: String(order),
      }),
    ]);
    // The order changed too (its line's fulfilled quantity): its hold reads again under the same key.
    expect(shipped.orders.events).toMatchObject([{ kind: 'reservation-created', quantity: 4 }]);
    tick();
    sandbox.closeSalesOrder(order);
    tick();
    const closed = await advance();
    expect(
      closed.orders.events.map((event) => [event.kind, event.idempotencyKey, 'quantity' in event && event.quantity]),
    ).toEqual([
      ['reservation-created', `netsuite:123456:transaction:${order}:line:1:reserved`, 4],
      ['reservation-released', `netsuite:123456:transaction:${order}:line:1:released`, 3],
    ]);
    expect(sandbox.balance(red, 1).committed).toBe(3);
  });

  it('a cancelled order releases its whole hold; a fully fulfilled one releases nothing', async () => {
    tick();
    const cancelled = sandbox.addSalesOrder({ lines: [{ item: red, location: 1, quantity: 2 }] });
    const fulfilled = sandbox.addSalesOrder({ lines: [{ item: green, location: 1, quantity: 2 }] });
    tick();
    sandbox.cancelSalesOrder(cancelled);
    sandbox.fulfilSalesOrder(fulfilled);
    tick();
    const { orders, changes } = await advance();
    const kinds = (reference: number) =>
      orders.events
        .filter((event) => 'orderReference' in event && event.orderReference === String(reference))
        .map((event) => [event.kind, 'quantity' in event && event.quantity]);
    expect(kinds(cancelled)).toEqual([
      ['reservation-created', 2],
      ['reservation-released', 2],
    ]);
    expect(kinds(fulfilled)).toEqual([['reservation-created', 2]]);
    expect(changes.events.map((event) => event.kind)).toEqual(['shipment', 'reservation-consumed']);
  });

  it('a line NetSuite committed nothing to (back-ordered) holds nothing yet', async () => {
    tick();
    sandbox.addSalesOrder({ lines: [{ item: green, location: 1, quantity: 5 }] });
    tick();
    const { orders } = await advance();
    expect(sandbox.balance(green, 1)).toMatchObject({ onHand: 0, committed: 0 });
    expect(orders.events).toEqual([]);
  });

  it('leaves orders older than maximumOrderAgeDays to the snapshot, and their fulfilments to the shipment alone', async () => {
    const order = sandbox.addSalesOrder({ lines: [{ item: red, location: 1, quantity: 1 }] });
    clock += 20 * 86_400_000;
    const fresh = await connector().orders?.pull({ cursor: ordersCursor });
    expect(fresh?.events).toEqual([]);
    const first = await connector().changes?.pull({ cursor: changesCursor });
    sandbox.fulfilSalesOrder(order);
    tick();
    const changes = await connector().changes?.pull({ cursor: first?.cursor });
    expect(changes?.events.map((event) => event.kind)).toEqual(['shipment']);
  });

  it('without reservations a sales order fulfilment is a shipment only', async () => {
    const order = sandbox.addSalesOrder({ lines: [{ item: red, location: 1, quantity: 1 }] });
    const first = await connector(null).changes?.pull({ cursor: changesCursor });
    tick();
    sandbox.fulfilSalesOrder(order);
    tick();
    const changes = await connector(null).changes?.pull({ cursor: first?.cursor });
    expect(changes?.events.map((event) => event.kind)).toEqual(['shipment']);
  });
});
