import { AuthenticationError, ConnectorConfigurationError } from '@stockwire/connector-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEbayConnector } from './ebay-connector.ts';
import { createEbaySandbox, type EbaySandbox } from './sandbox/index.ts';
import {
  sandboxConnector,
  sandboxSettings,
  storeKey,
  testMapping,
  warehouseKey,
} from './test-support/ebay-test-setup.ts';

let sandbox: EbaySandbox;
beforeAll(async () => {
  sandbox = await createEbaySandbox();
});
afterAll(async () => await sandbox.close());

describe('eBay settings and credentials', () => {
  it('refuses unknown settings and a page size over eBay’s 200, naming the setting', () => {
    const create = (extra: Record<string, unknown>) =>
      createEbayConnector({ ...sandboxSettings(sandbox), ...extra } as never, {
        mapping: testMapping,
        environment: {},
      });
    expect(() => create({ pageSze: 10 })).toThrow(ConnectorConfigurationError);
    expect(() => create({ pageSize: 201 })).toThrow(/settings\.pageSize/);
  });

  it('reads no secret until a call needs one, then names the setting and the missing variable', async () => {
    const connector = createEbayConnector(sandboxSettings(sandbox), { mapping: testMapping, environment: {} });
    const failure = await connector.snapshot.read({}).catch((error: unknown) => error);
    expect(ConnectorConfigurationError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/setting clientId names the environment variable EBAY_CLIENT_ID/);
  });

  it('mints a user token from the refresh token once, and again when eBay expires it early (401)', async () => {
    sandbox.reset();
    sandbox.listSku('TEE', { locations: { [warehouseKey]: 4 } });
    const connector = sandboxConnector(sandbox);
    const before = sandbox.tokensMinted;
    await connector.snapshot.read({});
    await connector.snapshot.read({});
    expect(sandbox.tokensMinted).toBe(before + 1);
    const tokenCall = sandbox.exchanges.find((call) => call.path === '/identity/v1/oauth2/token');
    expect(new URLSearchParams(tokenCall?.bodyText).get('grant_type')).toBe('refresh_token');
    expect(new URLSearchParams(tokenCall?.bodyText).get('scope')).toContain('sell.inventory');

    sandbox.expireTokens();
    const page = await connector.snapshot.read({});
    expect(page.records).toEqual([
      expect.objectContaining({ sku: 'TEE', location: 'wh-1', quantities: { available: 4 } }),
    ]);
    expect(sandbox.tokensMinted).toBe(before + 2);
    const answers = sandbox.exchanges.slice(-3).map((call) => `${call.method} ${call.path} ${call.status}`);
    expect(answers).toEqual([
      'GET /sell/inventory/v1/inventory_item 401',
      'POST /identity/v1/oauth2/token 200',
      'GET /sell/inventory/v1/inventory_item 200',
    ]);
  });

  it('a refresh token eBay refuses (invalid_grant) is an authentication failure, its value never in the message', async () => {
    const connector = createEbayConnector(sandboxSettings(sandbox), {
      mapping: testMapping,
      environment: {
        EBAY_CLIENT_ID: sandbox.credentials.clientId,
        EBAY_CLIENT_SECRET: sandbox.credentials.clientSecret,
        EBAY_REFRESH_TOKEN: 'v^1.1#revoked-refresh-token',
      },
    });
    const failure = await connector.snapshot.read({}).catch((error: unknown) => error);
    expect(AuthenticationError.isInstance(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/consent again/);
    expect(JSON.stringify(failure) + (failure as Error).message).not.toContain('revoked-refresh-token');
  });

  it('mints a new token before the old one expires, by its expires_in', async () => {
    const clock = { now: Date.now() };
    const short = await createEbaySandbox({ tokenLifetimeSeconds: 120, now: () => new Date(clock.now) });
    try {
      short.listSku('TEE', { locations: { [warehouseKey]: 1 } });
      const connector = sandboxConnector(short, { now: () => new Date(clock.now) });
      await connector.snapshot.read({});
      clock.now += 61_000;
      await connector.snapshot.read({});
      expect(short.tokensMinted).toBe(2);
      expect(short.exchanges.filter((call) => call.status === 401)).toEqual([]);
    } finally {
      await short.close();
    }
  });

  it('fails a SKU whose alias is over 50 characters with a configuration error, and pushes the others', async () => {
    sandbox.reset();
    sandbox.listSku('TEE', { locations: { [warehouseKey]: 1, [storeKey]: 0 } });
    const connector = sandboxConnector(sandbox);
    const result = await connector.push.push({
      idempotencyKey: 'long-alias',
      items: [
        { key: 'ebay/LONG', channel: 'ebay', sku: 'LONG', location: 'wh-1', quantity: 3, status: 'in-stock' },
        { key: 'ebay/TEE', channel: 'ebay', sku: 'TEE', location: 'wh-1', quantity: 3, status: 'in-stock' },
      ],
    });
    const long = result.results.find((entry) => entry.key === 'ebay/LONG');
    expect(long?.outcome).toBe('failed');
    const error = long?.outcome === 'failed' ? long.error : undefined;
    expect(ConnectorConfigurationError.isInstance(error)).toBe(true);
    expect(error?.message).toMatch(/51 characters; eBay allows at most 50/);
    expect(result.results.find((entry) => entry.key === 'ebay/TEE')).toMatchObject({ outcome: 'written' });
    expect(sandbox.exchanges.some((call) => call.bodyText.includes('LLLLLLLLLL'))).toBe(false);
  });
});
