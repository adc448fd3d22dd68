import type { ConnectorV2, ItemFailureV2, PollPageV2, RemoteInventoryRecordV2 } from '@stockwire/connector-spec';
import { ConnectorError } from '@stockwire/connector-spec';
import type { ConformanceScope } from './conformance-configuration.ts';
import type {
  ConformanceInventoryRecord,
  ConformanceQuantityState,
  ConnectorConformanceHarness,
} from './conformance-harness.ts';

/** A snapshot or a change feed that never ends is a bug; these bounds turn it into a failure instead of a hang. */
const maximumSnapshotPages = 1_000;
const maximumChangePages = 200;

/** The failure a check raises: its message says which rule was broken and what the connector did instead. */
export class ConformanceFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConformanceFailure';
  }
}

export function fail(message: string): never {
  throw new ConformanceFailure(message);
}

/** A harness method a declared capability or simulation depends on; missing it is a harness bug, said plainly. */
export function requireHarness<Method>(method: Method | undefined, name: string, because: string): Method {
  if (method === undefined) fail(`the harness must implement ${name}() ${because}`);
  return method;
}

/** Creates a connector, runs `work` with it and always closes it, as the runner would after a job. */
export async function withConnector<Cursor, Result>(
  harness: ConnectorConformanceHarness<Cursor>,
  work: (connector: ConnectorV2<Cursor>) => Promise<Result>,
): Promise<Result> {
  const connector = harness.createConnector();
  try {
    return await work(connector);
  } finally {
    await connector.close?.();
  }
}

export interface WholeSnapshot {
  readonly pages: number;
  readonly records: readonly RemoteInventoryRecordV2[];
  readonly failures: readonly ItemFailureV2[];
}

export async function readWholeSnapshot(connector: ConnectorV2): Promise<WholeSnapshot> {
  const readSnapshot = requireHarness(connector.snapshot, 'connector.snapshot', 'to declare snapshot');
  const records: RemoteInventoryRecordV2[] = [];
  const failures: ItemFailureV2[] = [];
  let cursor: string | undefined;
  for (let pages = 1; pages <= maximumSnapshotPages; pages++) {
    const page = await readSnapshot.read({ cursor });
    records.push(...page.records);
    failures.push(...page.failures);
    if (page.nextCursor === undefined) return { pages, records, failures };
    if (page.nextCursor === cursor) fail(`readSnapshot returned its own cursor "${cursor}" again: it would loop`);
    cursor = page.nextCursor;
  }
  return fail(`the snapshot did not end within ${maximumSnapshotPages} pages`);
}

export interface PulledChanges<Cursor> {
  readonly pages: readonly PollPageV2<Cursor>[];
  readonly cursor: Cursor | undefined;
}

/** Pulls until the connector says nothing more is ready, checking each page honours the limit. */
export async function pullUntilCaughtUp<Cursor>(
  connector: ConnectorV2<Cursor>,
  cursor: Cursor | undefined,
  limit?: number,
): Promise<PulledChanges<Cursor>> {
  const pullChanges = requireHarness(connector.changes, 'connector.changes', 'to declare changes');
  const pages: PollPageV2<Cursor>[] = [];
  let current = cursor;
  for (let count = 0; count < maximumChangePages; count++) {
    const page = await pullChanges.pull({ cursor: current, limit });
    if (limit !== undefined && page.events.length > limit) {
      fail(`pullChanges returned ${page.events.length} events for a limit of ${limit}`);
    }
    pages.push(page);
    current = page.cursor;
    if (!page.hasMore) return { pages, cursor: current };
  }
  return fail(`pullChanges still said hasMore after ${maximumChangePages} pages`);
}

/** Runs a call that must fail, and returns what it threw. */
export async function rejectionOf(call: () => Promise<unknown>, what: string): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return fail(`${what} resolved, but it had to throw`);
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-error value (${String(error)})`;
}

export function expectConnectorError(error: unknown, what: string): ConnectorError {
  if (!ConnectorError.isInstance(error)) {
    fail(`${what} threw a raw exception instead of a typed connector error: ${describeError(error)}`);
  }
  return error;
}

export function expectTypedFailures(failures: readonly ItemFailureV2[], what: string): void {
  for (const failure of failures) {
    if (typeof failure.where !== 'string' || failure.where.length === 0) fail(`${what}: a failure has no "where"`);
    expectConnectorError(failure.error, `${what} (failure at ${failure.where})`);
  }
}

export const positionKey = (sku: string, location: string | undefined) => `${sku} @ ${location ?? '(any location)'}`;

/** Distinct, recognisable quantities per SKU and location, so a record read back under the wrong name shows. */
export function conformanceRecords(
  scope: ConformanceScope,
  states: readonly ConformanceQuantityState[],
): ConformanceInventoryRecord[] {
  const records: ConformanceInventoryRecord[] = [];
  scope.skus.forEach((sku, skuIndex) => {
    scope.locations.forEach((location, locationIndex) => {
      const base = 10 * (skuIndex + 1) + locationIndex;
      const quantities = Object.fromEntries(states.map((state, stateIndex) => [state, base + stateIndex * 100]));
      records.push({ sku, location, quantities });
    });
  });
  return records;
}

/** Splits push items so no call exceeds the connector's declared batch size, as the runner does. */
export function inBatches<Item>(items: readonly Item[], size: number): Item[][] {
  const batches: Item[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
