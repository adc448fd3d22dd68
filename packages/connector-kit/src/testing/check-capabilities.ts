import { isDeepStrictEqual } from 'node:util';
import { ConnectorCapabilitiesV1Schema, capabilityNames } from '../spec/capabilities.ts';
import { supports } from '../spec/capability-call.ts';
import { connectorSpecificationVersion } from '../spec/connector-v1.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { fail, withConnector } from './conformance-helpers.ts';

/**
 * The connector declares what the harness expects, as valid data, and implements every method it declares: the
 * runner plans from the declaration alone, so a drift between the two is a bug even before anything is called.
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
    const parsed = ConnectorCapabilitiesV1Schema.safeParse(connector.capabilities);
    if (!parsed.success) fail(`the declared capabilities are not valid: ${parsed.error.message}`);
    if (!isDeepStrictEqual(connector.capabilities, harness.capabilities)) {
      fail(
        `the connector declares ${JSON.stringify(connector.capabilities)} but the harness expects ` +
          `${JSON.stringify(harness.capabilities)}`,
      );
    }
    for (const capability of capabilityNames) {
      if (connector.capabilities[capability] !== undefined && !supports(connector, capability)) {
        fail(`the connector declares ${capability} but does not implement its method`);
      }
    }
    if (connector.capabilities.webhooks !== undefined && typeof connector.verifyWebhook !== 'function') {
      fail('the connector declares webhooks but does not implement verifyWebhook');
    }
    const pollsWithCursor = connector.capabilities.changes !== undefined || connector.capabilities.orders !== undefined;
    if (pollsWithCursor && connector.cursorSchema === undefined) {
      fail('the connector polls with a cursor but declares no cursorSchema, so a stored cursor cannot be validated');
    }
  });
}
