import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipHeroSandbox, type ShipHeroSandbox } from './sandbox/index.ts';
import { createShipHeroConnector } from './shiphero-connector.ts';
import { connection, testConfiguration } from './test-support/shiphero-test-configuration.ts';

const mapping = createConnectionMapping(buildCatalog(testConfiguration), connection);

describe('ShipHero tokens', () => {
  let sandbox: ShipHeroSandbox;
  beforeAll(async () => {
    sandbox = await createShipHeroSandbox();
    sandbox.addWarehouse(76_733);
  });
  afterAll(async () => await sandbox.close());

  it('reads no secret until a call needs one, then names the setting and the variable that is missing', async () => {
    const connector = createShipHeroConnector(
      {
        baseUrl: sandbox.baseUrl,
        authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
      } as never,
      { mapping, environment: {} },
    );
    await expect(connector.snapshot?.read({})).rejects.toMatchObject({
      name: 'ConnectorConfigurationError',
      message: expect.stringMatching(/authentication\.refreshToken.*SHIPHERO_REFRESH_TOKEN/),
    });
  });

  it('exchanges a username and password once, then renews with the refresh token ShipHero returned', async () => {
    const calls = sandbox.calls.length;
    const connector = createShipHeroConnector(
      {
        baseUrl: sandbox.baseUrl,
        authentication: {
          kind: 'password',
          username: { env: 'SHIPHERO_USERNAME' },
          password: { env: 'SHIPHERO_PASSWORD' },
        },
      } as never,
      { mapping, environment: { SHIPHERO_USERNAME: sandbox.user.username, SHIPHERO_PASSWORD: sandbox.user.password } },
    );
    await connector.snapshot?.read({});
    sandbox.expireTokens();
    await connector.snapshot?.read({});
    const paths = sandbox.calls.slice(calls).map((call) => `${call.path} ${call.status}`);
    expect(paths).toEqual([
      '/auth/token 200',
      '/graphql 200',
      '/graphql 200',
      '/graphql 401',
      '/auth/refresh 200',
      '/graphql 200',
    ]);
    // The password went out once; the secret values never appear in what the connector sent after.
    const bodies = sandbox.calls.slice(calls + 1).map((call) => call.bodyText);
    expect(bodies.join('\n')).not.toContain(sandbox.user.password);
  });
});
