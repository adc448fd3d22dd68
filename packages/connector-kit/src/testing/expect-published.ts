import type { PushItemV2 } from '@stockwire/connector-spec';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { fail, positionKey, requireHarness } from './conformance-helpers.ts';

const because = 'because the connector declares push';

export async function readPublishedQuantities(harness: ConnectorConformanceHarness) {
  const read = requireHarness(harness.readPublishedQuantities, 'readPublishedQuantities', because);
  return await read.call(harness);
}

export async function expectPublished(
  harness: ConnectorConformanceHarness,
  items: readonly PushItemV2[],
  when: string,
) {
  const published = await readPublishedQuantities(harness);
  for (const item of items) {
    const shown = published.filter((entry) => entry.channel === item.channel && entry.sku === item.sku);
    const where = `${item.channel} ${positionKey(item.sku, item.location)}`;
    if (shown.length !== 1) fail(`${when}, the remote shows ${shown.length} quantities for ${where}, expected 1`);
    if (shown[0]?.quantity !== item.quantity) {
      fail(`${when}, the remote shows ${shown[0]?.quantity} for ${where}, pushed ${item.quantity}`);
    }
  }
}
