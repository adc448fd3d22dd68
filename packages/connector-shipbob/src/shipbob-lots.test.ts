import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { levelQuantities } from './map-shipbob-levels.ts';
import { readLotPage } from './map-shipbob-lots.ts';
import { createShipBobSandbox, type ShipBobSandbox } from './sandbox/index.ts';
import { createShipBobConnector } from './shipbob-connector.ts';
import { type ShipBobApiVersion, shipBobApiVersions } from './shipbob-settings.ts';
import { loadShipBobContract } from './test-support/openapi-contract.ts';
import { cicero, connection, morenoValley, testConfiguration } from './test-support/shipbob-test-configuration.ts';

const specs = locateVendorSpecs();
const mapping = createConnectionMapping(buildCatalog(testConfiguration), connection);
const hour = 3_600_000;

let sandbox: ShipBobSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

function connectorOn(
  open: ShipBobSandbox,
  apiVersion: ShipBobApiVersion,
  lots: boolean,
  lotDate: 'expiration' | 'manufacturing' = 'expiration',
) {
  return createShipBobConnector(
    {
      baseUrl: open.baseUrl,
      apiVersion,
      authentication: { kind: 'personal-access-token', token: { env: 'SHIPBOB_TOKEN' } },
      lots,
      lotDate,
    } as never,
    { mapping, environment: { SHIPBOB_TOKEN: open.personalAccessToken } },
  );
}

/**
 * TEE-BLUE-M at Cicero: 30 on hand, 2 committed, 28 fulfillable by ShipBob's count, of which lot L-OLD (10 units)
 * expired yesterday and L-NEW (20 units) expires in two hours. MUG-CASE at Moreno Valley has no lots.
 */
function seedLots(open: ShipBobSandbox) {
  const now = open.clock.now();
  open.addFulfillmentCenter(cicero, 'Cicero (IL)');
  open.addFulfillmentCenter(morenoValley, 'Moreno Valley (CA)');
  const tee = open.addItem('TEE-BLUE-M');
  const mug = open.addItem('MUG-CASE');
  open.setLevel(tee, cicero, { on_hand_quantity: 30, committed_quantity: 2, fulfillable_quantity: 28 });
  open.setLot(tee, cicero, {
    lotNumber: 'L-OLD',
    lotDate: new Date(now - 24 * hour).toISOString(),
    on_hand_quantity: 10,
  });
  open.setLot(tee, cicero, {
    lotNumber: 'L-NEW',
    lotDate: new Date(now + 2 * hour).toISOString(),
    on_hand_quantity: 20,
    committed_quantity: 2,
  });
  open.setLevel(mug, morenoValley, { on_hand_quantity: 3 });
  return { tee, mug };
}

describe('ShipBob lots: expired lots are never sellable', () => {
  it('moves what expired lots hold of fulfillable to quality control, and lists the lots per centre', async () => {
    sandbox = await createShipBobSandbox({ apiVersion: '2026-01' });
    seedLots(sandbox);
    const page = await connectorOn(sandbox, '2026-01', true).snapshot?.read({});
    const tee = page?.records.find((record) => record.location === 'fc-cicero');
    // 30 on hand − 2 committed − (28 fulfillable − 10 expired) = 10 held back: sellable is 18, not 28.
    expect(tee?.quantities).toEqual({ onHand: 30, committed: 2, qualityControl: 10, inTransit: 0 });
    expect((tee?.raw as { lots?: unknown[] } | undefined)?.lots).toEqual([
      expect.objectContaining({ lot_number: 'L-OLD', on_hand_quantity: 10, fulfillable_quantity: 10, expired: true }),
      expect.objectContaining({ lot_number: 'L-NEW', on_hand_quantity: 20, fulfillable_quantity: 18, expired: false }),
    ]);
    const mug = page?.records.find((record) => record.location === 'fc-moreno');
    // No lots, nothing held back (a case holds 6 units in the test catalogue: 3 cases are 18).
    expect(mug?.quantities).toEqual({ onHand: 18, committed: 0, qualityControl: 0, inTransit: 0 });
    // One lots call per level page, asked for exactly that page's items.
    const lotCalls = sandbox.exchanges.filter((exchange) => exchange.request.path.endsWith('/inventory-level/lots'));
    expect(lotCalls.map((exchange) => exchange.request.query.InventoryIds)).toEqual(['5001,5002']);
  });

  it('where lot_date is a manufacturing date, a past date withholds nothing and the lots are still listed', async () => {
    sandbox = await createShipBobSandbox({ apiVersion: '2026-01' });
    seedLots(sandbox);
    const page = await connectorOn(sandbox, '2026-01', true, 'manufacturing').snapshot?.read({});
    const tee = page?.records.find((record) => record.location === 'fc-cicero');
    // 30 on hand − 2 committed − 28 fulfillable = 0 held back: all 28 fulfillable stay sellable.
    expect(tee?.quantities).toEqual({ onHand: 30, committed: 2, qualityControl: 0, inTransit: 0 });
    expect((tee?.raw as { lots?: unknown[] } | undefined)?.lots).toEqual([
      expect.objectContaining({ lot_number: 'L-OLD', expired: false }),
      expect.objectContaining({ lot_number: 'L-NEW', expired: false }),
    ]);
  });

  it('a lot that expires between polls becomes a changed level, held back from then on', async () => {
    sandbox = await createShipBobSandbox({ apiVersion: '2026-01' });
    seedLots(sandbox);
    const connector = connectorOn(sandbox, '2026-01', true);
    const round = async (cursor: unknown) => {
      const events: { kind: string; location?: string; quantities?: unknown }[] = [];
      for (let poll = 0; poll < 10; poll++) {
        const page = await connector.changes?.pull({ cursor: cursor as never });
        events.push(...((page?.events ?? []) as unknown as typeof events));
        cursor = page?.cursor;
        if (page?.hasMore === false) break;
      }
      return { cursor, cicero: events.filter((event) => event.kind === 'snapshot' && event.location === 'fc-cicero') };
    };
    const first = await round(undefined);
    expect(first.cicero).toMatchObject([{ quantities: { qualityControl: 10 } }]);
    sandbox.clock.advance(3 * hour);
    const second = await round(first.cursor);
    // L-NEW expired too: all 28 fulfillable units are held back, none sellable.
    expect(second.cicero).toMatchObject([{ quantities: { onHand: 30, committed: 2, qualityControl: 28 } }]);
  });

  it('without the lots setting no lots call is made (accounts that do not track lots pay nothing)', async () => {
    sandbox = await createShipBobSandbox({ apiVersion: '2026-01' });
    seedLots(sandbox);
    await connectorOn(sandbox, '2026-01', false).snapshot?.read({});
    expect(sandbox.exchanges.filter((exchange) => exchange.request.path.endsWith('/lots'))).toEqual([]);
  });

  it('does not count twice a lot ShipBob already stopped counting fulfillable, and treats an unreadable date as expired', () => {
    const asOf = '2026-03-02T10:00:00.000Z';
    const { byLevel, failures } = readLotPage(
      [
        {
          inventory_id: 5001,
          lots: [
            {
              lot_number: 'A',
              lot_date: '2026-03-01T00:00:00Z',
              locations: [{ location_id: 10, on_hand_quantity: 4 }],
            },
            {
              lot_number: 'B',
              lot_date: 'soon',
              locations: [{ location_id: 10, on_hand_quantity: 3, fulfillable_quantity: 3 }],
            },
            {
              lot_number: 'C',
              lot_date: null,
              locations: [{ location_id: 10, on_hand_quantity: 5, fulfillable_quantity: 5 }],
            },
          ],
        },
        { inventory_id: 'broken' },
      ],
      asOf,
      connection,
    );
    expect(failures.map((failure) => failure.where)).toEqual(['lots items[1]']);
    const lots = byLevel.get('5001/10');
    expect(lots?.lots.map((lot) => [lot.lot_number, lot.expired])).toEqual([
      ['A', true],
      ['B', true],
      ['C', false],
    ]);
    // A holds no fulfillable units (ShipBob already held it back), so only B's 3 move: 12 on hand, 8 fulfillable.
    expect(lots?.expiredFulfillable).toBe(3);
    expect(levelQuantities({ location_id: 10, on_hand_quantity: 12, fulfillable_quantity: 8 }, 3)).toEqual({
      onHand: 12,
      committed: 0,
      qualityControl: 7,
      inTransit: 0,
    });
  });
});

describe.skipIf(specs.folder === undefined)(
  `the lots call and the sandbox's lot answers against ShipBob's OpenAPI${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    for (const apiVersion of shipBobApiVersions) {
      it(apiVersion, async () => {
        sandbox = await createShipBobSandbox({ apiVersion });
        seedLots(sandbox);
        await connectorOn(sandbox, apiVersion, true).snapshot?.read({});
        const unfiltered = await fetch(`${sandbox.baseUrl}/${apiVersion}/inventory-level/lots?PageSize=1`, {
          headers: { authorization: `Bearer ${sandbox.personalAccessToken}` },
        });
        expect(unfiltered.status).toBe(200);
        const contract = loadShipBobContract(
          vendorSpecPath(specs.folder ?? '', 'shipbob', `openapi-${apiVersion}.json`),
          `shipbob-${apiVersion}-lots`,
        );
        const checks = sandbox.exchanges.map((exchange) => contract.check(exchange));
        expect(checks.map((check) => check?.operation).sort()).toEqual([
          `GET /${apiVersion}/inventory-level/locations`,
          `GET /${apiVersion}/inventory-level/lots`,
          `GET /${apiVersion}/inventory-level/lots`,
        ]);
        expect(checks.flatMap((check) => check?.problems ?? [])).toEqual([]);
        const lotsAnswer = sandbox.exchanges.find((exchange) => 'InventoryIds' in exchange.request.query)?.response;
        expect(
          contract.componentProblems('Inventory.InventoryQuantityLotResponsePagedResponse', lotsAnswer?.body),
        ).toEqual([]);
      });
    }
  },
);
