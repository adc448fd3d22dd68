import type { RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { TimestampSchema } from '@stockwire/model';
import { conformanceScope } from './conformance-configuration.ts';
import type { ConformanceInventoryRecord, ConnectorConformanceHarness } from './conformance-harness.ts';
import {
  conformanceRecords,
  expectConnectorError,
  expectTypedFailures,
  fail,
  positionKey,
  readWholeSnapshot,
  requireHarness,
  withConnector,
} from './conformance-helpers.ts';
import { expectUnmappedFailures } from './expect-unmapped-failures.ts';

const seedMethod = (harness: ConnectorConformanceHarness) =>
  requireHarness(harness.seedRemoteInventory, 'seedRemoteInventory', 'because the connector declares snapshot');

/** Every seeded record comes back exactly once, under canonical names, with the seeded quantities. */
export async function checkSnapshotIsComplete(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const seeded = conformanceRecords(scope, harness.inventoryStates);
  await seedMethod(harness).call(harness, seeded);
  const snapshot = await withConnector(harness, readWholeSnapshot);
  if (snapshot.failures.length > 0) {
    fail(`a clean remote gave ${snapshot.failures.length} failures: ${snapshot.failures[0]?.error.message}`);
  }
  expectRecordsMatch(snapshot.records, seeded, harness);
  if (harness.capabilities.snapshot?.mode === 'paged' && snapshot.pages < 2) {
    fail(
      `a paged snapshot of ${seeded.length} records came back in one page, so paging was never exercised; ` +
        'configure the connector in the harness with a page size below that',
    );
  }
}

/** An unmapped SKU and an unmapped location become typed item failures; every mapped record still comes back. */
export async function checkSnapshotReportsUnmappedNames(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const seeded = conformanceRecords(scope, harness.inventoryStates);
  await seedMethod(harness).call(harness, seeded, { flaws: ['unmapped-sku', 'unmapped-location'] });
  const snapshot = await withConnector(harness, readWholeSnapshot);
  expectRecordsMatch(snapshot.records, seeded, harness);
  expectUnmappedFailures(snapshot.failures, 'the snapshot');
}

/** Data the connector cannot read gives typed errors (thrown or as item failures), never a raw exception. */
export async function checkMalformedSnapshotIsTyped(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const seedMalformed = requireHarness(
    harness.seedMalformedRemoteData,
    'seedMalformedRemoteData',
    'because it declares simulates.malformedPayloads',
  );
  await seedMalformed.call(harness, 'snapshot');
  await withConnector(harness, async (connector) => {
    let snapshot: Awaited<ReturnType<typeof readWholeSnapshot>>;
    try {
      snapshot = await readWholeSnapshot(connector);
    } catch (error) {
      const typed = expectConnectorError(error, 'readSnapshot of malformed data');
      if (!MalformedPayloadError.isInstance(typed)) {
        fail(`readSnapshot of malformed data threw ${typed.name}; expected MalformedPayloadError`);
      }
      return;
    }
    if (snapshot.failures.length === 0) {
      fail('readSnapshot of malformed data reported no failure: the unreadable data was dropped silently');
    }
    expectTypedFailures(snapshot.failures, 'readSnapshot of malformed data');
  });
}

export function expectRecordsMatch(
  records: readonly RemoteInventoryRecordV2[],
  seeded: readonly ConformanceInventoryRecord[],
  harness: ConnectorConformanceHarness,
): void {
  const expected = new Map(seeded.map((record) => [positionKey(record.sku, record.location), record]));
  const seen = new Set<string>();
  for (const record of records) {
    const key = positionKey(record.sku, record.location);
    const wanted = expected.get(key);
    if (wanted === undefined) fail(`the snapshot returned ${key}, which was never seeded (names not canonical?)`);
    if (seen.has(key)) fail(`the snapshot returned ${key} more than once`);
    seen.add(key);
    for (const state of harness.inventoryStates) {
      if (record.quantities[state] !== wanted.quantities[state]) {
        fail(`${key}: ${state} is ${record.quantities[state]}, seeded ${wanted.quantities[state]}`);
      }
    }
    if (!TimestampSchema.safeParse(record.observedAt).success) {
      fail(`${key}: observedAt "${record.observedAt}" is not an ISO-8601 date-time with an offset`);
    }
  }
  const missing = [...expected.keys()].filter((key) => !seen.has(key));
  if (missing.length > 0) fail(`the snapshot lost ${missing.length} seeded records: ${missing.join(', ')}`);
}
