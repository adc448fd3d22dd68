import { createMemoryConnectorState } from '@stockwire/connector-kit';
import { AuthenticationError } from '@stockwire/connector-spec';
import { locateVendorSpecs, vendorSpecPath } from '@stockwire/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShipBobSandbox, type ShipBobSandbox } from './sandbox/index.ts';
import { createShipBobConnector } from './shipbob-connector.ts';
import { loadShipBobContract } from './test-support/openapi-contract.ts';
import { cicero, testMapping } from './test-support/shipbob-test-configuration.ts';

const oauth = { clientId: 'app-stockwire', clientSecret: 'cs_sandbox_secret', refreshToken: 'ort_initial' };
const environment = {
  SHIPBOB_CLIENT_ID: oauth.clientId,
  SHIPBOB_CLIENT_SECRET: oauth.clientSecret,
  SHIPBOB_REFRESH_TOKEN: oauth.refreshToken,
};
const specs = locateVendorSpecs();

describe('OAuth 2.0 against the sandbox: refresh-token exchange, cache, refresh on 401, a refused refresh', () => {
  let sandbox: ShipBobSandbox;
  beforeAll(async () => {
    sandbox = await createShipBobSandbox({ oauth });
  });
  afterAll(async () => await sandbox?.close());
  beforeEach(() => {
    sandbox.reset();
    sandbox.addFulfillmentCenter(cicero);
    sandbox.setLevel(sandbox.addItem('TEE-BLUE-M'), cicero, { on_hand_quantity: 4 });
  });

  const connectorAt = (now: () => Date, state = createMemoryConnectorState()) =>
    createShipBobConnector(
      {
        baseUrl: sandbox.baseUrl,
        authentication: {
          kind: 'oauth',
          clientId: { env: 'SHIPBOB_CLIENT_ID' },
          clientSecret: { env: 'SHIPBOB_CLIENT_SECRET' },
          refreshToken: { env: 'SHIPBOB_REFRESH_TOKEN' },
          tokenUrl: sandbox.tokenUrl,
        },
      } as never,
      { mapping: testMapping, environment, state },
      { now },
    );
  const tokenRequests = () => sandbox.exchanges.filter((exchange) => exchange.request.path === '/connect/token');
  const apiAnswers = () =>
    sandbox.exchanges
      .filter((exchange) => exchange.request.path !== '/connect/token')
      .map((exchange) => exchange.response.status ?? 200);

  it('exchanges the refresh token once, as a form, and keeps the access token until a minute before it expires', async () => {
    let clock = Date.now();
    const connector = connectorAt(() => new Date(clock));
    const page = await connector.snapshot?.read({});
    expect(page?.records.map((record) => record.sku)).toEqual(['TEE-BLUE-M']);
    await connector.snapshot?.read({});
    expect(tokenRequests()).toHaveLength(1);
    const [exchange] = tokenRequests();
    if (exchange === undefined) throw new Error('no token request');
    const issued = exchange.response.body as { access_token: string; refresh_token: string };
    expect(exchange.request.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(exchange.request.bodyText))).toEqual({
      grant_type: 'refresh_token',
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      refresh_token: oauth.refreshToken,
    });
    const bearers = sandbox.exchanges
      .filter((candidate) => candidate.request.path !== '/connect/token')
      .map((candidate) => candidate.request.headers.authorization);
    expect(new Set(bearers)).toEqual(new Set([`Bearer ${issued.access_token}`]));

    clock += 3_600_000 - 61_000;
    await connector.snapshot?.read({});
    expect(tokenRequests()).toHaveLength(1);
    clock += 2_000;
    await connector.snapshot?.read({});
    // The second exchange spent the rotated refresh token the first one handed out.
    expect(tokenRequests()).toHaveLength(2);
    expect(new URLSearchParams(tokenRequests()[1]?.request.bodyText).get('refresh_token')).toBe(issued.refresh_token);
    expect(apiAnswers()).toEqual([200, 200, 200, 200]);
  });

  it('a token ShipBob expired or revoked early is refreshed once and the call retried', async () => {
    const connector = connectorAt(() => new Date());
    await connector.snapshot?.read({});
    // By ShipBob's clock the token has expired; by ours it is still fresh, so only the 401 can tell.
    sandbox.clock.advance(3_601_000);
    await expect(connector.snapshot?.read({})).resolves.toMatchObject({ failures: [] });
    sandbox.revokeAccessTokens();
    await connector.snapshot?.read({});
    expect(apiAnswers()).toEqual([200, 401, 200, 401, 200]);
    expect(tokenRequests()).toHaveLength(3);
  });

  it('a refused refresh is a non-retryable AuthenticationError naming the connection, with no secret in it', async () => {
    const connector = connectorAt(() => new Date());
    await connector.snapshot?.read({});
    sandbox.revokeRefreshToken();
    sandbox.revokeAccessTokens();
    const error = await connector.snapshot?.read({}).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, connection: 'shipbob-us', vendorStatus: 400 });
    expect((error as Error).message).toMatch(/connection "shipbob-us"/);
    expect((error as Error).message).toMatch(/invalid_grant/);
    for (const secret of [oauth.clientSecret, oauth.refreshToken])
      expect((error as Error).message).not.toContain(secret);
    // One refused call, one refused refresh, and no retry of either.
    expect(apiAnswers()).toEqual([200, 401]);
    expect(tokenRequests().map((exchange) => exchange.response.status)).toEqual([undefined, 400]);
  });

  it('a second process reads the rotated refresh token from the shared state, not the spent one', async () => {
    const state = createMemoryConnectorState();
    await connectorAt(() => new Date(), state).snapshot?.read({});
    const other = connectorAt(() => new Date(), state);
    await expect(other.snapshot?.read({})).resolves.toMatchObject({ failures: [] });
    expect(tokenRequests().map((exchange) => exchange.response.status ?? 200)).toEqual([200, 200]);
  });

  it.skipIf(specs.folder === undefined)('the calls made with OAuth tokens match the OpenAPI', async () => {
    const connector = connectorAt(() => new Date());
    await connector.snapshot?.read({});
    sandbox.revokeAccessTokens();
    await connector.snapshot?.read({});
    const contract = loadShipBobContract(
      vendorSpecPath(specs.folder ?? '', 'shipbob', 'openapi-2026-01.json'),
      'shipbob-2026-01-oauth',
    );
    const problems = sandbox.exchanges
      .filter((exchange) => exchange.request.path !== '/connect/token')
      .flatMap((exchange) => contract.check(exchange)?.problems ?? ['undeclared operation']);
    expect(problems).toEqual([]);
  });
});
