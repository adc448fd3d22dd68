import type { ConnectionCheckRequestV2, ConnectorV2 } from '@stockwire/connector-spec';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';
import { fail, requireHarness, withConnector } from './conformance-helpers.ts';

function configuredLocations(harness: ConnectorConformanceHarness): ConnectionCheckRequestV2 {
  const connection = harness.configuration.connections[harness.connection];
  const locations = Object.entries(connection?.locations ?? {}).map(([externalLocation, location]) => ({
    externalLocation,
    location,
  }));
  return { locations };
}

async function runCheck(connector: ConnectorV2, request: ConnectionCheckRequestV2) {
  const capability = connector.check;
  if (capability === undefined) fail('the harness expects a check capability but the connector has none');
  // check() reports expected failures as failed checks; a rejection here is the contract broken.
  return capability.check(request);
}

/**
 * The connection check against a valid sandbox: every named check passes; with wrong credentials the first check
 * fails, named, with the typed error's name (never a throw), unless the harness reaches no network; where the
 * connector declares a `locations` check, an unknown configured location fails it naming it.
 */
export async function checkConnectionCheck(harness: ConnectorConformanceHarness): Promise<void> {
  await harness.resetRemote();
  const request = configuredLocations(harness);
  await withConnector(harness, async (connector) => {
    const result = await runCheck(connector, request);
    const failed = result.checks.filter((check) => !check.ok);
    if (!result.ok || failed.length > 0 || result.checks.length === 0) {
      fail(`check() against a valid sandbox failed: ${JSON.stringify(result.checks)}`);
    }
    const names = result.checks.map((check) => check.name);
    if (JSON.stringify(names) !== JSON.stringify(connector.check?.checks)) {
      fail(`check() ran ${names.join(', ')} but declares ${connector.check?.checks.join(', ')}`);
    }
    // A connector that cannot know its locations (the file connector: ids are only values in files) declares no
    // `locations` check, and is not asked to fail one.
    if (!connector.check?.checks.includes('locations')) return;
    const unknown = { externalLocation: 'stockwire-conformance-unknown-location', location: 'nowhere' };
    const withUnknown = await runCheck(connector, { locations: [...request.locations, unknown] });
    const locations = withUnknown.checks.find((check) => check.name === 'locations');
    if (withUnknown.ok || locations?.ok !== false || !locations.message.includes(unknown.externalLocation)) {
      fail(`an unknown location should fail the locations check naming it: ${JSON.stringify(withUnknown.checks)}`);
    }
  });
  // A local folder has no credentials to get wrong; everything reached over a network has.
  if (harness.reachesNetwork === false) return;
  const wrong = requireHarness(
    harness.createConnectorWithWrongCredentials,
    'createConnectorWithWrongCredentials',
    'the connector has a check capability',
  )();
  try {
    const result = await runCheck(wrong, request);
    const first = result.checks[0];
    if (result.ok || first?.ok !== false || first.errorName !== 'AuthenticationError') {
      fail(`wrong credentials should fail the first check with AuthenticationError: ${JSON.stringify(result.checks)}`);
    }
  } finally {
    await wrong.close?.();
  }
}
