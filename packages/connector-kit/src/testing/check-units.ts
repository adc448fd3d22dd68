import type { PushItemV2, RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { pushAll } from './check-push.ts';
import { type ConformanceScope, conformanceScope } from './conformance-configuration.ts';
import type { ConformanceQuantityState, ConnectorConformanceHarness } from './conformance-harness.ts';
import { fail, positionKey, readWholeSnapshot, requireHarness, withConnector } from './conformance-helpers.ts';
import { expectPublished } from './expect-published.ts';

/** Cases pushed and read back: 14 cases of 12 are 168 units (defect #13.4's numbers). */
const pushedCases = 14;

/** The case-packed SKU of the harness's configuration; a configuration without one is a harness bug. */
export function casePackedOf(scope: ConformanceScope): { readonly sku: string; readonly unitsPer: number } {
  if (scope.casePacked !== undefined) return scope.casePacked;
  return fail(
    'the harness configuration counts no SKU in cases, so units cannot be checked: declare one with ' +
      "`units: [{ connection, unit: 'case', unitsPer: 12 }]` (createConformanceConfiguration declares SKU-CASE)",
  );
}

/** A remote holding 14 cases of the case-packed SKU reports it in canonical units: 168 in every state. */
export async function checkSnapshotReportsCanonicalUnits(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const casePacked = casePackedOf(scope);
  const location = scope.locations[0] ?? '';
  const quantities = stateQuantities(harness.inventoryStates, pushedCases);
  const seed = requireHarness(harness.seedRemoteInventory, 'seedRemoteInventory', 'because it declares snapshot');
  await seed.call(harness, [{ sku: casePacked.sku, location, quantities }]);
  const snapshot = await withConnector(harness, readWholeSnapshot);
  const record = recordAt(snapshot.records, casePacked.sku, location, 'the snapshot of a case-packed SKU');
  for (const state of harness.inventoryStates) {
    const wanted = (quantities[state] ?? 0) * casePacked.unitsPer;
    if (record.quantities[state] !== wanted) {
      fail(
        `${positionKey(casePacked.sku, location)} holds ${quantities[state]} cases of ${casePacked.unitsPer}: ` +
          `the snapshot must report ${state} ${wanted} canonical units, it reported ${record.quantities[state]}`,
      );
    }
  }
}

/**
 * A push is in the connection's units: 14 (cases) is sent as 14, the result's remoteQuantity is 14 and the remote
 * shows 14. Where the snapshot reads what push writes, it reads those 14 cases back as 168 canonical units.
 */
export async function checkPushUsesConnectionUnits(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const casePacked = casePackedOf(scope);
  const location = scope.locations[0];
  const item: PushItemV2 = {
    key: `${scope.channel}/${casePacked.sku}`,
    channel: scope.channel,
    sku: casePacked.sku,
    location,
    quantity: pushedCases,
    status: 'in-stock',
  };
  const [result] = await withConnector(harness, (connector) => pushAll(connector, [item]));
  if (result?.outcome !== 'written') fail(`pushing ${pushedCases} cases was ${result?.outcome}, expected written`);
  if (result.remoteQuantity !== pushedCases) {
    fail(`pushing ${pushedCases} cases reports remoteQuantity ${result.remoteQuantity}; results are in cases too`);
  }
  await expectPublished(harness, [item], `after pushing ${pushedCases} cases`);
  const state = harness.snapshotShowsPushesAs;
  if (state === undefined || harness.capabilities.snapshot === undefined) return;
  const snapshot = await withConnector(harness, readWholeSnapshot);
  const record = recordAt(snapshot.records, casePacked.sku, location ?? '', 'the snapshot after a push of cases');
  const wanted = pushedCases * casePacked.unitsPer;
  if (record.quantities[state] !== wanted) {
    fail(`${pushedCases} cases pushed read back as ${state} ${record.quantities[state]}, expected ${wanted} units`);
  }
}

function stateQuantities(states: readonly ConformanceQuantityState[], first: number) {
  return Object.fromEntries(states.map((state, index) => [state, first + index * 100]));
}

function recordAt(
  records: readonly RemoteInventoryRecordV2[],
  sku: string,
  location: string,
  what: string,
): RemoteInventoryRecordV2 {
  const matching = records.filter((record) => record.sku === sku && record.location === location);
  if (matching.length !== 1) fail(`${what} holds ${matching.length} records for ${positionKey(sku, location)}`);
  return matching[0] as RemoteInventoryRecordV2;
}

/** Every quantity a reported item carries (an event's change or quantity, a record's states, an order's lines). */
export function quantitiesIn(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(quantitiesIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([name, inner]) => {
    if ((name === 'quantity' || name === 'change') && typeof inner === 'number') return [inner];
    if (name === 'quantities' && typeof inner === 'object' && inner !== null) {
      return Object.values(inner).filter((entry): entry is number => typeof entry === 'number');
    }
    return name === 'lines' ? quantitiesIn(inner) : [];
  });
}

/**
 * What a connector reports for the same input about a 1:1 SKU and about the case-packed SKU must differ by the
 * case size and nothing else: 3 units in, 3 out; 3 cases in, 36 out.
 */
export function expectCanonicalMultiple(
  plain: readonly number[],
  cased: readonly number[],
  unitsPer: number,
  what: string,
): void {
  if (plain.length === 0 || plain.every((quantity) => quantity === 0)) {
    fail(`${what} about a 1:1 SKU carried no quantity to compare with`);
  }
  const expected = plain.map((quantity) => quantity * unitsPer);
  if (JSON.stringify(cased) !== JSON.stringify(expected)) {
    fail(
      `${what}: the same input reported [${plain.join(', ')}] for a 1:1 SKU and [${cased.join(', ')}] for a SKU in ` +
        `cases of ${unitsPer}; canonical units would be [${expected.join(', ')}]`,
    );
  }
}
