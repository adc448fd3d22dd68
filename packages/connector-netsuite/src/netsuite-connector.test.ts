import { createConnectionMapping } from '@stockwire/connector-kit';
import { createConformanceConfiguration } from '@stockwire/connector-kit/testing';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetSuiteConnector } from './netsuite-connector.ts';
import { NetSuiteConnectorSettingsSchema, netSuiteBaseUrl } from './netsuite-settings.ts';
import { createNetSuiteSandbox, type NetSuiteSandbox } from './sandbox/index.ts';
import { machineToMachine, sandboxEnvironment, tokenBased } from './test-support/netsuite-conformance-harness.ts';

const connection = 'netsuite-eu';
const configuration = createConformanceConfiguration({
  connection,
  connector: 'netsuite',
  externalLocations: { north: '1', south: '2' },
});
const mapping = createConnectionMapping(buildCatalog(configuration), connection);

describe('NetSuite connector', () => {
  let sandbox: NetSuiteSandbox;
  beforeAll(async () => {
    sandbox = await createNetSuiteSandbox();
    sandbox.addLocation(1);
    sandbox.setBalance(sandbox.addItem('SKU-RED'), 1, { onHand: 5 });
  });
  afterAll(async () => await sandbox?.close());
  const connect = (authentication: unknown, environment = sandboxEnvironment(sandbox)) =>
    createNetSuiteConnector({ account: sandbox.account, baseUrl: sandbox.baseUrl, authentication } as never, {
      mapping,
      environment,
    });

  it('defaults the base URL to the account host (lower case, _ as -) and refuses unknown settings', () => {
    const settings = NetSuiteConnectorSettingsSchema.parse({ account: '123456_SB1', authentication: tokenBased });
    expect(netSuiteBaseUrl(settings)).toBe('https://123456-sb1.suitetalk.api.netsuite.com');
    expect(settings).toMatchObject({ pageSize: 1_000, concurrencySlots: 5 });
    expect(
      NetSuiteConnectorSettingsSchema.safeParse({ account: '1', authentication: tokenBased, extra: 1 }).success,
    ).toBe(false);
  });

  it('reads with OAuth 2 M2M, asking for one token and reusing it until it expires', async () => {
    const connector = connect(machineToMachine(sandbox));
    await connector.snapshot?.read({});
    await connector.snapshot?.read({});
    expect(sandbox.calls.filter((call) => call.path === sandbox.tokenPath)).toHaveLength(1);
  });

  it('gives a wrong TBA secret or a refused certificate as a non-retryable AuthenticationError naming the connection', async () => {
    const wrong = { ...sandboxEnvironment(sandbox), NETSUITE_TOKEN_SECRET: 'not-the-secret' };
    const tba = connect(tokenBased, wrong).snapshot?.read({});
    await expect(tba).rejects.toMatchObject({ name: 'AuthenticationError', retryable: false, connection });
    await expect(tba).rejects.toThrow(/netsuite-eu/);
    const foreignCertificate = { ...machineToMachine(sandbox), certificateId: 'revoked-certificate' };
    await expect(connect(foreignCertificate).snapshot?.read({})).rejects.toMatchObject({
      name: 'AuthenticationError',
      retryable: false,
      connection,
    });
  });

  it('names the setting and the variable when a secret is missing, before any call', async () => {
    const calls = sandbox.calls.length;
    const missing = { ...sandboxEnvironment(sandbox), NETSUITE_CONSUMER_SECRET: undefined };
    await expect(connect(tokenBased, missing).snapshot?.read({})).rejects.toMatchObject({
      name: 'ConnectorConfigurationError',
      message: expect.stringContaining(
        'authentication.consumerSecret names the environment variable NETSUITE_CONSUMER_SECRET',
      ),
    });
    expect(sandbox.calls.length).toBe(calls);
  });

  it("answers requests past the account's concurrency limit with 429, read as RateLimitedError", async () => {
    sandbox.setConcurrencyLimit(2);
    sandbox.setHoldMs(50);
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, () => connect(tokenBased).snapshot?.read({})),
      );
      const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(refused.length).toBeGreaterThan(0);
      for (const outcome of refused)
        expect(outcome.reason).toMatchObject({ name: 'RateLimitedError', retryable: true });
      expect(sandbox.maxInFlight).toBeLessThanOrEqual(2);
    } finally {
      sandbox.setConcurrencyLimit(5);
      sandbox.setHoldMs(0);
    }
  });

  it('refuses a SuiteQL shape it was not taught, and a request without Prefer: transient', async () => {
    const signed = async (headers: Record<string, string>, q: string) => {
      const { signTokenBasedRequest } = await import('./netsuite-tba-signature.ts');
      const url = `${sandbox.baseUrl}/services/rest/query/v1/suiteql?limit=10&offset=0`;
      const authorization = signTokenBasedRequest({ method: 'POST', url }, sandbox.tba);
      return await fetch(url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ q }),
      });
    };
    const unknown = await signed({ prefer: 'transient' }, 'SELECT * FROM item');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('does not know this SuiteQL shape');
    expect((await signed({}, 'SELECT * FROM item')).status).toBe(400);
  });
});
