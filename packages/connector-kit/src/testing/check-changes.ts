import { isDeepStrictEqual } from 'node:util';
import type { ConnectorV2 } from '@stockwire/connector-spec';
import { MalformedPayloadError } from '@stockwire/connector-spec';
import { type InventoryEvent, InventoryEventSchema } from '@stockwire/model';
import { type ConformanceScope, conformanceScope } from './conformance-configuration.ts';
import type { ConformanceRemoteChange, ConnectorConformanceHarness } from './conformance-harness.ts';
import {
  expectConnectorError,
  expectTypedFailures,
  fail,
  pullUntilCaughtUp,
  rejectionOf,
  requireHarness,
  withConnector,
} from './conformance-helpers.ts';
import { expectUnmappedFailures } from './expect-unmapped-failures.ts';

const appendMethod = (harness: ConnectorConformanceHarness) =>
  requireHarness(harness.appendRemoteChanges, 'appendRemoteChanges', 'because the connector declares changes');

/**
 * A crash between two polls loses nothing: pull one small page, store its cursor as the runner does (JSON, then
 * the connector's cursorSchema), and a brand-new instance resumes from it. Every change arrives; none from before
 * the stored cursor comes again; later changes arrive on the next poll.
 */
export async function checkChangesResumeAfterCrash(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const baseline = await withConnector(
    harness,
    async (connector) => (await pullUntilCaughtUp(connector, undefined)).cursor,
  );
  const changes = remoteChanges(scope, 5);
  await appendMethod(harness).call(harness, changes);

  const firstPage = await withConnector(harness, async (connector) => {
    const page = await connector.changes?.pull({ cursor: baseline, limit: 2 });
    if (page === undefined) return fail('pullChanges returned nothing');
    if (page.events.length === 0 || page.events.length > 2) {
      fail(`the first page after 5 changes with limit 2 held ${page.events.length} events`);
    }
    return page;
  });
  const stored = JSON.stringify(firstPage.cursor);

  await withConnector(harness, async (restarted) => {
    const cursor = parseStoredCursor(restarted, stored);
    if (!isDeepStrictEqual(cursor, firstPage.cursor)) {
      fail(`the cursor changed in its JSON and schema round trip: ${stored} became ${JSON.stringify(cursor)}`);
    }
    const resumed = await pullUntilCaughtUp(restarted, cursor, 2);
    const before = eventKeys(firstPage.events, scope, harness.connection);
    const after = eventKeys(
      resumed.pages.flatMap((page) => page.events),
      scope,
      harness.connection,
    );
    const repeated = after.filter((key) => before.includes(key));
    if (repeated.length > 0) fail(`after resuming from a stored cursor, events came again: ${repeated.join(', ')}`);
    if (new Set(after).size !== after.length) fail('one resumed run returned the same event twice');
    const total = before.length + after.length;
    if (total !== changes.length) fail(`${changes.length} changes were made, ${total} events arrived across the crash`);

    const [late] = remoteChanges(scope, 1);
    if (late === undefined) return;
    await appendMethod(harness).call(harness, [{ ...late, change: 9 }]);
    const next = await pullUntilCaughtUp(restarted, resumed.cursor);
    const nextKeys = eventKeys(
      next.pages.flatMap((page) => page.events),
      scope,
      harness.connection,
    );
    if (nextKeys.length !== 1) fail(`one later change gave ${nextKeys.length} events on the next poll`);
  });
}

/** An unmapped SKU and an unmapped location become typed item failures; the other changes still arrive. */
export async function checkChangesReportUnmappedNames(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  await withConnector(harness, async (connector) => {
    const baseline = (await pullUntilCaughtUp(connector, undefined)).cursor;
    const changes = remoteChanges(scope, 3);
    await appendMethod(harness).call(harness, changes, { flaws: ['unmapped-sku', 'unmapped-location'] });
    const pulled = await pullUntilCaughtUp(connector, baseline);
    const events = pulled.pages.flatMap((page) => page.events);
    const keys = eventKeys(events, scope, harness.connection);
    if (keys.length !== changes.length) fail(`${changes.length} mapped changes gave ${keys.length} events`);
    expectUnmappedFailures(
      pulled.pages.flatMap((page) => page.failures),
      'the changes',
    );
  });
}

/** A stored cursor that is not one fails validation with a clear message, and the connector refuses it too. */
export async function checkInvalidCursorIsRefused(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  await withConnector(harness, async (connector) => {
    const schema = requireHarness(connector.changes?.cursorSchema, 'connector.changes.cursorSchema', 'to resume polls');
    for (const invalid of [{ notACursor: true }, [1, 2, 3]]) {
      const parsed = schema.safeParse(invalid);
      if (parsed.success) fail(`cursorSchema accepted ${JSON.stringify(invalid)} as a cursor`);
      if (parsed.error.issues.length === 0) fail('cursorSchema rejected a cursor without saying why');
      const error = await rejectionOf(
        async () => await connector.changes?.pull({ cursor: invalid as never }),
        `pullChanges with the stored cursor ${JSON.stringify(invalid)}`,
      );
      const typed = expectConnectorError(error, 'pullChanges with an invalid cursor');
      if (!/cursor/i.test(typed.message)) fail(`the error for an invalid cursor does not say so: ${typed.message}`);
    }
  });
}

/** Changes the connector cannot read give typed errors (thrown or as item failures), never a raw exception. */
export async function checkMalformedChangesAreTyped(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const seedMalformed = requireHarness(
    harness.seedMalformedRemoteData,
    'seedMalformedRemoteData',
    'because it declares simulates.malformedPayloads',
  );
  await withConnector(harness, async (connector) => {
    const baseline = (await pullUntilCaughtUp(connector, undefined)).cursor;
    await seedMalformed.call(harness, 'changes');
    let failures: Awaited<ReturnType<typeof pullUntilCaughtUp>>['pages'][number]['failures'];
    try {
      failures = (await pullUntilCaughtUp(connector, baseline)).pages.flatMap((page) => page.failures);
    } catch (error) {
      const typed = expectConnectorError(error, 'pullChanges of malformed data');
      if (!MalformedPayloadError.isInstance(typed)) {
        fail(`pullChanges of malformed data threw ${typed.name}; expected MalformedPayloadError`);
      }
      return;
    }
    if (failures.length === 0) fail('pullChanges of malformed data reported no failure: it was dropped silently');
    expectTypedFailures(failures, 'pullChanges of malformed data');
  });
}

function parseStoredCursor<Cursor>(connector: ConnectorV2<Cursor>, stored: string): Cursor {
  const schema = requireHarness(connector.changes?.cursorSchema, 'connector.changes.cursorSchema', 'to resume polls');
  const parsed = schema.safeParse(JSON.parse(stored));
  if (!parsed.success) fail(`the connector's own cursor ${stored} fails its cursorSchema: ${parsed.error.message}`);
  return parsed.data;
}

/** Distinct changes spread over SKUs and locations, never zero. */
export function remoteChanges(scope: ConformanceScope, count: number): ConformanceRemoteChange[] {
  return Array.from({ length: count }, (_, index) => ({
    sku: scope.skus[index % scope.skus.length] ?? '',
    location: scope.locations[index % scope.locations.length] ?? '',
    change: index % 2 === 0 ? index + 1 : -(index + 1),
  }));
}

/** Validates events as canonical and from this connection, and returns their idempotency keys. */
function eventKeys(events: readonly InventoryEvent[], scope: ConformanceScope, connection: string): string[] {
  return events.map((event) => {
    const parsed = InventoryEventSchema.safeParse(event);
    if (!parsed.success) fail(`an event is not a valid canonical event: ${parsed.error.message}`);
    if (event.source !== connection) fail(`event ${event.idempotencyKey} has source "${event.source}"`);
    if (!scope.skus.includes(event.sku)) fail(`event ${event.idempotencyKey} names SKU "${event.sku}", not canonical`);
    if (!scope.locations.includes(event.location)) {
      fail(`event ${event.idempotencyKey} names location "${event.location}", not canonical`);
    }
    return event.idempotencyKey;
  });
}
