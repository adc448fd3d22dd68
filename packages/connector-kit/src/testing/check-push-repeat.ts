import type { PushItemResultV2, PushItemV2 } from '@stockwire/connector-spec';
import { conformanceScope } from './conformance-configuration.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { describeError, fail, requireHarness, withConnector } from './conformance-helpers.ts';
import { expectPublished } from './expect-published.ts';

const because = 'because the connector declares push';

interface Step {
  readonly quantity: number;
  readonly expectedRemote: number | undefined;
  readonly idempotencyKey: string;
  readonly what: string;
}

/**
 * Defect #13.1: a drift heal re-pushes a quantity the SKU had before, now expecting the value someone else wrote.
 * Each distinct request carries its own idempotency key, and each must take effect, even at a vendor that keys
 * idempotency (one that refuses a known key with other parameters must not be handed a key the connector derived
 * from fewer fields than the request has). A true retry of the same request with the same key is harmless.
 */
export async function checkRepeatedPushesTakeEffect(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const scope = conformanceScope(harness);
  const [sku = ''] = scope.skus;
  const base = { key: `${scope.channel}/${sku}`, channel: scope.channel, sku, location: scope.locations[0] };
  const steps: Step[] = [
    { quantity: 5, expectedRemote: undefined, idempotencyKey: 'conformance-push-1', what: 'the first push of 5' },
    // Another writer (someone at the vendor's admin, a second runner) moves the value to 9.
    { quantity: 9, expectedRemote: 5, idempotencyKey: 'conformance-push-2', what: 'the remote changing to 9' },
    // The heal: the same quantity and status as the first push, a different expectation, a different key.
    { quantity: 5, expectedRemote: 9, idempotencyKey: 'conformance-push-3', what: 'pushing 5 again, expecting 9' },
  ];
  for (const step of steps) {
    const item: PushItemV2 = {
      ...base,
      quantity: step.quantity,
      status: 'in-stock',
      expectedRemote: step.expectedRemote,
    };
    const result = await pushOne(harness, item, step.idempotencyKey);
    if (result.outcome !== 'written') fail(`${step.what} was ${describeResult(result)}, expected written`);
    await expectPublished(harness, [item], `after ${step.what}`);
  }

  const countWrites = requireHarness(harness.countRemoteWrites, 'countRemoteWrites', because).bind(harness);
  const writesBeforeRetry = await countWrites();
  const last = steps.at(-1) as Step;
  const retried: PushItemV2 = {
    ...base,
    quantity: last.quantity,
    status: 'in-stock',
    expectedRemote: last.expectedRemote,
  };
  const retry = await pushOne(harness, retried, last.idempotencyKey);
  if (retry.outcome !== 'written' && retry.outcome !== 'unchanged') {
    fail(`a true retry (the same request with the same key) was ${describeResult(retry)}; it must be harmless`);
  }
  if (retry.remoteQuantity !== last.quantity) {
    fail(`a true retry reports remoteQuantity ${retry.remoteQuantity}, the remote holds ${last.quantity}`);
  }
  await expectPublished(harness, [retried], 'after a true retry');
  if ((await countWrites()) > writesBeforeRetry + 1) fail('a true retry wrote to the remote more than once');
}

async function pushOne(
  harness: ConnectorConformanceHarness,
  item: PushItemV2,
  idempotencyKey: string,
): Promise<PushItemResultV2> {
  return await withConnector(harness, async (connector) => {
    const push = requireHarness(connector.push, 'connector.push', 'to declare push');
    const answer = await push.push({ items: [item], idempotencyKey });
    const result = answer.results.find((entry) => entry.key === item.key);
    if (result === undefined) fail(`pushing ${item.key} returned no result for it`);
    return result;
  });
}

function describeResult(result: PushItemResultV2): string {
  return result.outcome === 'failed' ? `failed (${describeError(result.error)})` : result.outcome;
}
