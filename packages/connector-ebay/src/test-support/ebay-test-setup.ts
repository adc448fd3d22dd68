import { createConnectionMapping, createMemoryConnectorState } from '@stockwire/connector-kit';
import type { ConnectorStateStoreV2 } from '@stockwire/connector-spec';
import { buildCatalog, type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createEbayConnector, type EbayConnectorOptions } from '../ebay-connector.ts';
import type { EbayConnectorSettingsInput } from '../ebay-settings.ts';
import type { EbaySandbox } from '../sandbox/index.ts';

export const connection = 'ebay-test';
/** The seller's merchant locations (`merchantLocationKey`) and the canonical locations they map to. */
export const warehouseKey = 'WAREHOUSE-1';
export const storeKey = 'STORE-SF';
export const longAlias = 'L'.repeat(51);

export const testConfiguration: StockwireConfiguration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-1', kind: 'warehouse' },
    { id: 'store-sf', kind: 'store' },
  ],
  skus: [
    { id: 'MUG', aliases: [{ connection, value: 'EBAY-MUG' }] },
    { id: 'TEE' },
    { id: 'CAP' },
    { id: 'LONG', aliases: [{ connection, value: longAlias }] },
  ],
  connections: {
    [connection]: { connector: 'ebay', locations: { [warehouseKey]: 'wh-1', [storeKey]: 'store-sf' }, settings: {} },
  },
  authority: [{ connections: [connection], states: '*' }],
  channels: [{ id: 'ebay', connection, locations: ['wh-1'], publishLocation: 'wh-1' }],
});
export const testMapping = createConnectionMapping(buildCatalog(testConfiguration), connection);

export const sandboxEnvironment = (sandbox: EbaySandbox): NodeJS.ProcessEnv => ({
  EBAY_CLIENT_ID: sandbox.credentials.clientId,
  EBAY_CLIENT_SECRET: sandbox.credentials.clientSecret,
  EBAY_REFRESH_TOKEN: sandbox.credentials.refreshToken,
  EBAY_VERIFICATION_TOKEN: 'a-verification-token-of-32-characters-or-more',
});

export const sandboxSettings = (sandbox: EbaySandbox, extra: Partial<EbayConnectorSettingsInput> = {}) =>
  ({
    baseUrl: sandbox.baseUrl,
    clientId: { env: 'EBAY_CLIENT_ID' },
    clientSecret: { env: 'EBAY_CLIENT_SECRET' },
    refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
    ...extra,
  }) satisfies EbayConnectorSettingsInput;

export function sandboxConnector(
  sandbox: EbaySandbox,
  options: {
    settings?: Partial<EbayConnectorSettingsInput>;
    state?: ConnectorStateStoreV2;
    mapping?: typeof testMapping;
    now?: EbayConnectorOptions['now'];
  } = {},
) {
  return createEbayConnector(
    sandboxSettings(sandbox, options.settings),
    {
      mapping: options.mapping ?? testMapping,
      environment: sandboxEnvironment(sandbox),
      state: options.state ?? createMemoryConnectorState(),
    },
    { now: options.now },
  );
}
