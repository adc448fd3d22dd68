import type { ConnectorV2 } from '@stockwire/connector-spec';
import { RateLimitedError } from '@stockwire/connector-spec';
import { pushItems } from './check-push.ts';
import { conformanceScope } from './conformance-configuration.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import {
  conformanceRecords,
  describeError,
  expectConnectorError,
  fail,
  readWholeSnapshot,
  rejectionOf,
  requireHarness,
  withConnector,
} from './conformance-helpers.ts';

/** An unusual wait, so a connector that invents its own instead of reading the vendor's is caught. */
const stormRetryAfterMs = 7_000;

interface RemoteCall {
  readonly name: string;
  readonly run: (connector: ConnectorV2) => Promise<unknown>;
}

/** Every declared capability that talks to the remote, called the way the runner calls it. */
export function remoteCalls(harness: ConnectorConformanceHarness): RemoteCall[] {
  const scope = conformanceScope(harness);
  const calls: RemoteCall[] = [];
  if (harness.capabilities.snapshot)
    calls.push({ name: 'snapshot.read', run: (connector) => readWholeSnapshot(connector) });
  if (harness.capabilities.push) {
    const items = pushItems(scope, () => 3).slice(0, 1);
    calls.push({
      name: 'push.push',
      run: async (connector) => await connector.push?.push({ items, idempotencyKey: 'conformance-fault' }),
    });
  }
  if (harness.capabilities.changes) {
    calls.push({ name: 'changes.pull', run: async (connector) => await connector.changes?.pull({ limit: 10 }) });
  }
  if (harness.capabilities.orders) {
    calls.push({ name: 'orders.pull', run: async (connector) => await connector.orders?.pull({ limit: 10 }) });
  }
  return calls;
}

export async function seedSomething(harness: ConnectorConformanceHarness): Promise<void> {
  const scope = conformanceScope(harness);
  const seed = harness.seedRemoteInventory;
  if (harness.capabilities.snapshot && seed)
    await seed.call(harness, conformanceRecords(scope, harness.inventoryStates));
  const append = harness.appendRemoteChanges;
  const [sku, location] = [scope.skus[0] ?? '', scope.locations[0] ?? ''];
  if (harness.capabilities.changes && append) await append.call(harness, [{ sku, location, change: 2 }]);
}

/**
 * Under a storm of "too many requests", every remote call throws RateLimitedError carrying the vendor's wait:
 * never a result with the error folded into item failures, never a sleep-and-retry. Once the storm ends, the same
 * calls work again.
 */
export async function checkRateLimitStormIsReported(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const inject = requireHarness(harness.injectRateLimitStorm, 'injectRateLimitStorm', 'for simulates.rateLimitStorm');
  const clear = requireHarness(harness.clearFaults, 'clearFaults', 'to end injected faults');
  await seedSomething(harness);
  await inject.call(harness, { retryAfterMs: stormRetryAfterMs });
  for (const call of remoteCalls(harness)) {
    const error = await withConnector(harness, (connector) =>
      rejectionOf(() => call.run(connector), `${call.name} during a rate-limit storm`),
    );
    if (!RateLimitedError.isInstance(error)) {
      fail(`${call.name} during a rate-limit storm threw ${describeError(error)}; expected RateLimitedError`);
    }
    if (error.retryAfterMs !== stormRetryAfterMs) {
      fail(`${call.name} reported retryAfterMs ${error.retryAfterMs}; the vendor asked for ${stormRetryAfterMs}`);
    }
  }
  await clear.call(harness);
  await expectCallsRecover(harness, 'after the storm');
}

/** Refused or dropped connections throw a retryable typed error, and the connector recovers once they stop. */
export async function checkConnectionFaultsAreRetryable(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const inject = requireHarness(
    harness.injectConnectionFaults,
    'injectConnectionFaults',
    'for simulates.connectionFaults',
  );
  const clear = requireHarness(harness.clearFaults, 'clearFaults', 'to end injected faults');
  await seedSomething(harness);
  await inject.call(harness);
  for (const call of remoteCalls(harness)) {
    const error = await withConnector(harness, (connector) =>
      rejectionOf(() => call.run(connector), `${call.name} while connections fail`),
    );
    const typed = expectConnectorError(error, `${call.name} while connections fail`);
    if (!typed.retryable) fail(`${call.name} while connections fail threw ${typed.name}, which is not retryable`);
  }
  await clear.call(harness);
  await expectCallsRecover(harness, 'once connections work again');
}

/**
 * Under a storm of 5xx answers (a vendor's outage), every remote call throws a retryable typed error: the runner
 * retries it later. Never a result with the error folded into item failures (which would dead-letter good items),
 * never a non-retryable error (which would give up on an outage), never a rate limit (which it is not). Once the
 * storm ends, the same calls work again.
 */
export async function checkServerErrorStormIsRetryable(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const inject = requireHarness(
    harness.injectServerErrorStorm,
    'injectServerErrorStorm',
    'for simulates.serverErrorStorm',
  );
  const clear = requireHarness(harness.clearFaults, 'clearFaults', 'to end injected faults');
  await seedSomething(harness);
  await inject.call(harness);
  for (const call of remoteCalls(harness)) {
    const error = await withConnector(harness, (connector) =>
      rejectionOf(() => call.run(connector), `${call.name} during a 5xx storm`),
    );
    const typed = expectConnectorError(error, `${call.name} during a 5xx storm`);
    if (!typed.retryable) fail(`${call.name} during a 5xx storm threw ${typed.name}, which is not retryable`);
    if (RateLimitedError.isInstance(typed)) fail(`${call.name} reported a 5xx storm as a rate limit`);
  }
  await clear.call(harness);
  await expectCallsRecover(harness, 'after the 5xx storm');
}

export async function expectCallsRecover(harness: ConnectorConformanceHarness, when: string): Promise<void> {
  for (const call of remoteCalls(harness)) {
    try {
      await withConnector(harness, call.run);
    } catch (error) {
      fail(`${call.name} still fails ${when}: ${describeError(error)}`);
    }
  }
}
