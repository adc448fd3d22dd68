import { isDeepStrictEqual } from 'node:util';
import { connectorSpecificationVersion, describeCapabilities } from '@stockwire/connector-spec';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { fail, withConnector } from './conformance-helpers.ts';

/**
 * The connector declares what the harness expects. In V2 a capability object holds its method, so "declares a
 * capability but lacks its method" and "polls without a cursor schema" can no longer happen and are not checked;
 * what remains is that the declared data (limits, modes, topics) is exactly what the harness expects, because
 * the runner plans from it.
 */
export async function checkDeclaredCapabilities(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  await withConnector(harness, async (connector) => {
    if (connector.specificationVersion !== connectorSpecificationVersion) {
      fail(`specificationVersion is "${connector.specificationVersion}", expected "${connectorSpecificationVersion}"`);
    }
    if (connector.connection !== harness.connection) {
      fail(`the connector serves connection "${connector.connection}", expected "${harness.connection}"`);
    }
    const declared = describeCapabilities(connector);
    if (!isDeepStrictEqual(declared, harness.capabilities)) {
      fail(
        `the connector declares ${JSON.stringify(declared)} but the harness expects ` +
          `${JSON.stringify(harness.capabilities)}`,
      );
    }
    const push = connector.push;
    if (push !== undefined && (!Number.isInteger(push.maxBatchSize) || push.maxBatchSize < 1)) {
      fail(`push.maxBatchSize is ${push.maxBatchSize}; it must be a whole number of at least 1`);
    }
    for (const [name, poll] of [
      ['changes', connector.changes],
      ['orders', connector.orders],
    ] as const) {
      if (poll === undefined) continue;
      if (!Number.isInteger(poll.suggestedIntervalSeconds) || poll.suggestedIntervalSeconds < 1) {
        fail(`${name}.suggestedIntervalSeconds is ${poll.suggestedIntervalSeconds}; it must be a whole number ≥ 1`);
      }
    }
  });
}
