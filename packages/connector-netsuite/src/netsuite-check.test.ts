import { createConnectionMapping } from '@stockwire/connector-kit';
import { createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import { locationsQuery } from './netsuite-queries.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const connection = 'netsuite-check';
const mapping = createConnectionMapping(
  buildCatalog(
    createConformanceConfiguration({
      connection,
      connector: 'netsuite',
      externalLocations: { north: '1', south: '2' },
    }),
  ),
  connection,
);
const configured = [
  { externalLocation: '1', location: 'wh-north' },
  { externalLocation: '2', location: 'wh-south' },
];

describe('NetSuite connection check', () => {
  let sandbox: NetSuiteSandbox;
  beforeAll(async () => {
    sandbox = await createNetSuiteSandbox({ account: '123456' });
    sandbox.addLocation(1);
    sandbox.addLocation(2);
  });
  afterAll(async () => await sandbox?.close());
  const connector = (environment = sandboxEnvironment(sandbox)) =>
    createNetSuiteConnector({ account: '123456', baseUrl: sandbox.baseUrl, authentication: tokenBased } as never, {
      mapping,
      environment,
    });

  it('passes in one SuiteQL read of the locations, signed and sent as NetSuite expects', async () => {
    const before = sandbox.exchanges.length;
    const result = await connector().check?.check({ locations: configured });
    expect(result).toMatchObject({
      ok: true,
      checks: [
        { name: 'credentials', ok: true },
        { name: 'locations', ok: true },
      ],
    });
    const sent = sandbox.exchanges.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.request.json).toEqual({ q: locationsQuery, params: ['0'] });
    expect(sent[0]?.request.headers.prefer).toBe('transient');
  });

  it('fails locations naming an inactive configured location', async () => {
    sandbox.setLocationInactive(2, true);
    try {
      const result = await connector().check?.check({ locations: configured });
      expect(result?.ok).toBe(false);
      expect(result?.checks[1]).toMatchObject({ name: 'locations', ok: false });
      expect(result?.checks[1]?.message).toContain('inactive location in NetSuite: "2" (location wh-south)');
    } finally {
      sandbox.setLocationInactive(2, false);
    }
  });

  it('fails credentials with AuthenticationError on a wrong token secret and skips locations, never throwing', async () => {
    const result = await connector({ ...sandboxEnvironment(sandbox), NETSUITE_TOKEN_SECRET: 'wrong' }).check?.check({
      locations: configured,
    });
    expect(result?.ok).toBe(false);
    expect(result?.checks[0]).toMatchObject({ name: 'credentials', ok: false, errorName: 'AuthenticationError' });
    expect(result?.checks[0]?.message).toContain(connection);
    expect(result?.checks[1]).toMatchObject({
      name: 'locations',
      ok: false,
      message: 'not checked: credentials failed',
    });
  });
});
