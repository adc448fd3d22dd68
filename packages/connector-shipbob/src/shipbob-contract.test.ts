import { readFileSync } from 'node:fs';
import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipBobSandbox, type ShipBobSandbox } from './sandbox/index.ts';
import { createShipBobConnector } from './shipbob-connector.ts';
import { type ShipBobApiVersion, shipBobApiVersions } from './shipbob-settings.ts';
import { loadShipBobContract } from './test-support/openapi-contract.ts';
import { cicero, connection, morenoValley, testConfiguration } from './test-support/shipbob-test-configuration.ts';

const specs = locateVendorSpecs();
const mapping = createConnectionMapping(buildCatalog(testConfiguration), connection);

describe.skipIf(specs.folder === undefined)(
  `every request and sandbox answer against ShipBob's OpenAPI${specs.skipReason ? ` (skipped: ${specs.skipReason})` : ''}`,
  () => {
    for (const apiVersion of shipBobApiVersions) {
      describe(apiVersion, () => {
        let sandbox: ShipBobSandbox;
        beforeAll(async () => {
          sandbox = await createShipBobSandbox({ apiVersion });
        });
        afterAll(async () => await sandbox?.close());

        it('validates a snapshot, a round of change polls and a refused call', async () => {
          seed(sandbox);
          const connector = createShipBobConnector(
            {
              baseUrl: sandbox.baseUrl,
              apiVersion: apiVersion as ShipBobApiVersion,
              authentication: { kind: 'personal-access-token', token: { env: 'SHIPBOB_TOKEN' } },
              pageSize: 1,
              receivingPageSize: 1,
              // Set so the header check below would catch it on a call whose operation does not declare it.
              channelId: '12345',
            } as never,
            { mapping, environment: { SHIPBOB_TOKEN: sandbox.personalAccessToken } },
          );
          let cursor: string | undefined;
          do cursor = (await connector.snapshot?.read({ cursor }))?.nextCursor;
          while (cursor !== undefined);
          let changes: unknown;
          for (let poll = 0; poll < 20; poll++) {
            const page = await connector.changes?.pull({ cursor: changes as never });
            changes = page?.cursor;
            if (page?.hasMore === false) break;
          }
          sandbox.rateWindow.storm(7);
          await expect(connector.snapshot?.read({})).rejects.toMatchObject({
            name: 'RateLimitedError',
            retryAfterMs: 7_000,
          });
          sandbox.rateWindow.calm();
          const unauthenticated = await fetch(`${sandbox.baseUrl}/${apiVersion}/inventory-level/locations?PageSize=1`);
          expect(unauthenticated.status).toBe(401);

          const contract = loadShipBobContract(
            vendorSpecPath(specs.folder ?? '', 'shipbob', `openapi-${apiVersion}.json`),
            `shipbob-${apiVersion}`,
          );
          const checks = sandbox.exchanges.map((exchange) => ({
            path: exchange.request.path,
            check: contract.check(exchange),
          }));
          expect(checks.filter(({ check }) => check === undefined).map(({ path }) => path)).toEqual([]);
          expect(
            checks.flatMap(({ check }) => check?.problems.map((problem) => `${check.operation}: ${problem}`) ?? []),
          ).toEqual([]);
          const operations = new Set(checks.map(({ check }) => check?.operation));
          expect([...operations].sort()).toEqual([
            `GET /${apiVersion}/inventory-level/locations`,
            `GET /${apiVersion}/receiving`,
          ]);
          // Paging really happened: several level pages and receiving pages followed their links.
          expect(sandbox.exchanges.filter((exchange) => 'Cursor' in exchange.request.query).length).toBeGreaterThan(0);
          expect(sandbox.exchanges.filter((exchange) => exchange.request.query.Page === '2').length).toBeGreaterThan(0);
        });

        it('the order.shipped body the sandbox sends and the fixture are ShipBob shipments', async () => {
          const contract = loadShipBobContract(
            vendorSpecPath(specs.folder ?? '', 'shipbob', `openapi-${apiVersion}.json`),
            `shipbob-${apiVersion}-bodies`,
          );
          const fixture = JSON.parse(
            readFileSync(new URL('./__fixtures__/order-shipped.webhook.json', import.meta.url), 'utf8'),
          );
          expect(contract.componentProblems('Orders.ShipmentViewModel', fixture)).toEqual([]);
          const inventoryId = sandbox.addItem('TEE-BLUE-M');
          sandbox.setLevel(inventoryId, cicero, { on_hand_quantity: 5 });
          const { shipment } = await sandbox.shipOrder({
            fulfillmentCenter: cicero,
            referenceId: 'R-1',
            lines: [{ inventoryId, quantity: 1 }],
          });
          expect(contract.componentProblems('Orders.ShipmentViewModel', shipment)).toEqual([]);
        });

        it('a channel id header is accepted only on an operation that declares it', () => {
          const contract = loadShipBobContract(
            vendorSpecPath(specs.folder ?? '', 'shipbob', `openapi-${apiVersion}.json`),
            `shipbob-${apiVersion}-headers`,
          );
          const exchange = (path: string) => ({
            request: {
              method: 'GET',
              path,
              query: {},
              headers: { authorization: 'Bearer x', shipbob_channel_id: '12345' },
              body: '',
            },
            response: { status: 401 },
          });
          expect(contract.check(exchange(`/${apiVersion}/inventory-level/locations`) as never)?.problems).toContain(
            'header shipbob_channel_id is not declared for this operation',
          );
          expect(contract.check(exchange(`/${apiVersion}/order`) as never)?.problems ?? ['no operation']).not.toContain(
            'header shipbob_channel_id is not declared for this operation',
          );
        });

        // The OpenAPI has no webhook payload schemas; a return delivery's body is the return as
        // `GET /{version}/return/{id}` answers it (`Returns.PublicReturnDto`, the same in both versions).
        it('the return.created, return.updated and return.completed bodies the sandbox sends are ShipBob returns', async () => {
          const contract = loadShipBobContract(
            vendorSpecPath(specs.folder ?? '', 'shipbob', `openapi-${apiVersion}.json`),
            `shipbob-${apiVersion}-returns`,
          );
          const inventoryId = sandbox.addItem('TEE-BLUE-M');
          const bodies = await sandbox.returnOrder({
            fulfillmentCenter: cicero,
            originalShipmentId: 900_001,
            lines: [{ inventoryId, quantity: 2 }],
          });
          for (const body of [bodies.created, bodies.arrived, bodies.completed]) {
            expect(contract.componentProblems('Returns.PublicReturnDto', body)).toEqual([]);
          }
          expect(
            contract.componentProblems('Returns.PublicReturnDto', { ...bodies.completed, unheard_of: 1 }),
          ).not.toEqual([]);
        });
      });
    }
  },
);

function seed(sandbox: ShipBobSandbox) {
  sandbox.addFulfillmentCenter(cicero, 'Cicero (IL)');
  sandbox.addFulfillmentCenter(morenoValley, 'Moreno Valley (CA)');
  const tee = sandbox.addItem('TEE-BLUE-M');
  const mug = sandbox.addItem('MUG-CASE');
  sandbox.setLevel(tee, cicero, { on_hand_quantity: 12, committed_quantity: 2 });
  sandbox.setLevel(mug, morenoValley, { on_hand_quantity: 3 });
  sandbox.addReceivingOrder({
    fulfillmentCenter: cicero,
    lines: [{ inventoryId: tee, quantity: 20 }],
    arrivesInMs: 3_600_000,
    completesInMs: 7_200_000,
  });
  sandbox.addReceivingOrder({
    fulfillmentCenter: morenoValley,
    lines: [{ inventoryId: mug, quantity: 4 }],
    arrivesInMs: 0,
    completesInMs: 60_000,
  });
}
