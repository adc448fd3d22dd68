import { isDeepStrictEqual } from 'node:util';
import type { ConnectorV2, PushItemResultV2, PushItemV2 } from '@stockwire/connector-spec';
import { PermanentItemError, UnmappedLocationError, UnmappedSkuError } from '@stockwire/connector-spec';
import { type ConformanceScope, conformanceScope } from './conformance-configuration.ts';
import type { ConformanceItemErrorName, ConnectorConformanceHarness } from './conformance-harness.ts';
import { expectConnectorError, fail, inBatches, requireHarness, withConnector } from './conformance-helpers.ts';
import { expectPublished, readPublishedQuantities } from './expect-published.ts';

const because = 'because the connector declares push';

/**
 * Pushing the same quantities twice (the second time from a fresh instance, as after a restart) leaves the remote
 * unchanged and sends no write: every result is `unchanged`. Changing one value then writes only that value.
 */
export async function checkPushSkipsUnchangedValues(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const countWrites = requireHarness(harness.countRemoteWrites, 'countRemoteWrites', because).bind(harness);
  const scope = conformanceScope(harness);
  const items = pushItems(scope, (index) => 5 + index);

  const first = await withConnector(harness, (connector) => pushAll(connector, items));
  expectOutcomes(first, items, 'written', 'the first push');
  await expectPublished(harness, items, 'after the first push');
  const writesAfterFirst = await countWrites();
  if (writesAfterFirst === 0) fail('the first push reported written values but the remote counted no write');
  const publishedAfterFirst = await readPublishedQuantities(harness);

  const second = await withConnector(harness, (connector) => pushAll(connector, items));
  expectOutcomes(second, items, 'unchanged', 'pushing the same quantities again');
  const writesAfterSecond = await countWrites();
  if (writesAfterSecond !== writesAfterFirst) {
    fail(`pushing unchanged quantities wrote to the remote (${writesAfterFirst} → ${writesAfterSecond} writes)`);
  }
  if (!isDeepStrictEqual(await readPublishedQuantities(harness), publishedAfterFirst)) {
    fail('pushing unchanged quantities changed what the remote shows');
  }

  const changedKey = items[1]?.key;
  const third = items.map((item) => (item.key === changedKey ? { ...item, quantity: item.quantity + 7 } : item));
  const results = await withConnector(harness, (connector) => pushAll(connector, third));
  for (const result of results) {
    const expected = result.key === changedKey ? 'written' : 'unchanged';
    if (result.outcome !== expected)
      fail(`after changing one value, ${result.key} was ${result.outcome}, expected ${expected}`);
  }
  await expectPublished(harness, third, 'after changing one value');
  if ((await countWrites()) <= writesAfterSecond) fail('a changed value was reported written but nothing was written');
}

const errorChecks: Record<ConformanceItemErrorName, (value: unknown) => boolean> = {
  UnmappedSkuError: (value) => UnmappedSkuError.isInstance(value),
  UnmappedLocationError: (value) => UnmappedLocationError.isInstance(value),
  PermanentItemError: (value) => PermanentItemError.isInstance(value),
};

/** One item the remote cannot take fails alone, with its typed error; the rest of the batch is written. */
export async function checkPushIsolatesBadItem(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const unpushable = requireHarness(harness.unpushableItem, 'unpushableItem', because).call(harness);
  const scope = conformanceScope(harness);
  const good = pushItems(scope, (index) => 20 + index);
  const bad: PushItemV2 = { ...unpushable.item, key: 'conformance-bad-item' };
  const middle = Math.floor(good.length / 2);
  const batch = [...good.slice(0, middle), bad, ...good.slice(middle)];
  const maxBatchSize = harness.capabilities.push?.maxBatchSize ?? batch.length;
  if (batch.length > maxBatchSize) fail(`the connector's maxBatchSize ${maxBatchSize} is too small for this check`);

  const result = await withConnector(harness, (connector) => pushAll(connector, batch));
  const badResult = result.find((entry) => entry.key === bad.key);
  if (badResult?.outcome !== 'failed')
    fail(`the bad item was ${badResult?.outcome ?? 'not reported'}, expected failed`);
  const error = expectConnectorError(badResult.error, 'the bad item');
  if (!errorChecks[unpushable.expectedError](error)) {
    fail(`the bad item failed with ${error.name}; expected ${unpushable.expectedError}`);
  }
  expectOutcomes(
    result.filter((entry) => entry.key !== bad.key),
    good,
    'written',
    'the good items beside a bad one',
  );
  await expectPublished(harness, good, 'after a batch with one bad item');
}

export function pushItems(scope: ConformanceScope, quantityOf: (index: number) => number): PushItemV2[] {
  const location = scope.locations[0];
  return scope.skus.map((sku, index) => ({
    key: `${scope.channel}/${sku}`,
    channel: scope.channel,
    sku,
    location,
    quantity: quantityOf(index),
    status: 'in-stock',
  }));
}

let pushCalls = 0;

export async function pushAll(connector: ConnectorV2, items: readonly PushItemV2[]): Promise<PushItemResultV2[]> {
  const push = requireHarness(connector.push, 'connector.push', 'to declare push');
  const results: PushItemResultV2[] = [];
  for (const batch of inBatches(items, push.maxBatchSize)) {
    // Every call of the suite is a new request (a later push of equal values is not a retry of the earlier one), so
    // each gets its own key: a vendor that replays answers by key must not answer "written" for "unchanged".
    pushCalls++;
    const values = batch.map((item) => `${item.key}=${item.quantity}~${item.expectedRemote ?? ''}`).join(';');
    const idempotencyKey = `conformance-${pushCalls}:${values}`;
    const answer = await push.push({ items: batch, idempotencyKey });
    results.push(...answer.results);
  }
  return results;
}

function expectOutcomes(
  results: readonly PushItemResultV2[],
  items: readonly PushItemV2[],
  outcome: 'written' | 'unchanged',
  what: string,
): void {
  const keys = results.map((result) => result.key).sort();
  const wanted = items.map((item) => item.key).sort();
  if (!isDeepStrictEqual(keys, wanted)) fail(`${what}: results name ${keys.join(', ')}, items ${wanted.join(', ')}`);
  for (const item of items) {
    const result = results.find((entry) => entry.key === item.key);
    if (result?.outcome !== outcome) {
      const detail = result?.outcome === 'failed' ? ` (${result.error.message})` : '';
      fail(`${what}: ${item.key} was ${result?.outcome}${detail}, expected ${outcome}`);
    }
    if (result.remoteQuantity !== item.quantity) {
      fail(`${what}: ${item.key} reports remoteQuantity ${result.remoteQuantity}, pushed ${item.quantity}`);
    }
  }
}
