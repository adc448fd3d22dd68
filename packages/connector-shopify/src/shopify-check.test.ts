import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  north,
  south,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

const catalog = buildCatalog(conformanceConfiguration);
const locations = [
  { externalLocation: north, location: 'north' },
  { externalLocation: south, location: 'south' },
];

describe('the Shopify connection check', () => {
  let sandbox: ShopifySandbox;
  beforeAll(async () => {
    sandbox = await createShopifySandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.addLocation(north);
    sandbox.addLocation(south);
  });
  const connector = (token: string) =>
    createShopifyConnector(
      {
        shop: sandbox.shop,
        adminApiUrl: sandbox.baseUrl,
        accessToken: { env: tokenVariable },
        apiSecretKey: { env: 'SHOPIFY_API_SECRET' },
      },
      { mapping: createConnectionMapping(catalog, conformanceConnection), environment: { [tokenVariable]: token } },
    );

  it('passes every check for a valid token, with every scope and both locations', async () => {
    const result = await connector(sandbox.accessToken).check.check({ locations });
    expect(result.checks.map((check) => [check.name, check.ok])).toEqual([
      ['credentials', true],
      ['scopes', true],
      ['locations', true],
    ]);
    expect(result.ok).toBe(true);
    expect(sandbox.state.answered.map((answer) => answer.operation)).toEqual(['ConnectionCheck']);
  });

  it('fails the credentials check with the AuthenticationError for a refused token, and skips the rest', async () => {
    const result = await connector('shpat_wrong').check.check({ locations });
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ name: 'credentials', ok: false, errorName: 'AuthenticationError' });
    expect(result.checks.slice(1).map((check) => check.message)).toEqual([
      'not checked: credentials failed',
      'not checked: credentials failed',
    ]);
  });

  it('names a scope the app lacks, and accepts a write scope for its read scope', async () => {
    sandbox.state.accessScopes.splice(0, sandbox.state.accessScopes.length, 'write_inventory', 'read_products');
    const result = await connector(sandbox.accessToken).check.check({ locations });
    const scopes = result.checks.find((check) => check.name === 'scopes');
    expect(scopes?.ok).toBe(false);
    expect(scopes?.message).toContain('lacks read_orders;');
    expect(scopes?.message).not.toContain('read_inventory');
  });

  it('names each configured location the store does not have', async () => {
    const gone = { externalLocation: 'gid://shopify/Location/4040', location: 'east' };
    const result = await connector(sandbox.accessToken).check.check({ locations: [...locations, gone] });
    expect(result.checks.find((check) => check.name === 'locations')).toMatchObject({
      ok: false,
      message: 'unknown location at the vendor: "gid://shopify/Location/4040" (location east)',
    });
  });
});
