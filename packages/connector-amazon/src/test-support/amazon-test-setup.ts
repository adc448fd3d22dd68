import { createConnectionMapping } from '@stockwire/connector-kit';
import type { ConnectionMappingV2 } from '@stockwire/connector-spec';
import { buildCatalog, type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { type AmazonConnector, type AmazonConnectorOptions, createAmazonConnector } from '../amazon-connector.ts';
import type { AmazonConnectorSettingsInput } from '../amazon-settings.ts';
import type { AmazonSandbox } from '../sandbox/index.ts';

/** Marketplace ids of the NA region, as Amazon publishes them. */
export const marketplaces = { us: 'ATVPDKIKX0DER', ca: 'A2EUQ1WTGCTBG2', mx: 'A1AM78C64UM0Y8' } as const;

export const secretNames = {
  clientId: 'AMAZON_TEST_CLIENT_ID',
  clientSecret: 'AMAZON_TEST_CLIENT_SECRET',
  refreshToken: 'AMAZON_TEST_REFRESH_TOKEN',
  sqsAccessKeyId: 'AMAZON_TEST_SQS_ACCESS_KEY_ID',
  sqsSecretAccessKey: 'AMAZON_TEST_SQS_SECRET_ACCESS_KEY',
} as const;

export function sandboxSettings(
  sandbox: AmazonSandbox,
  overrides: Partial<AmazonConnectorSettingsInput> = {},
): AmazonConnectorSettingsInput {
  return {
    sellerId: sandbox.sellerId,
    marketplaceIds: [marketplaces.us, marketplaces.ca],
    clientId: { env: secretNames.clientId },
    clientSecret: { env: secretNames.clientSecret },
    refreshToken: { env: secretNames.refreshToken },
    endpoint: sandbox.baseUrl,
    ...overrides,
  };
}

export function sandboxEnvironment(sandbox: AmazonSandbox): NodeJS.ProcessEnv {
  return {
    [secretNames.clientId]: sandbox.credentials.clientId,
    [secretNames.clientSecret]: sandbox.credentials.clientSecret,
    [secretNames.refreshToken]: sandbox.credentials.refreshToken,
    [secretNames.sqsAccessKeyId]: sandbox.sqs.credentials.accessKeyId,
    [secretNames.sqsSecretAccessKey]: sandbox.sqs.credentials.secretAccessKey,
  };
}

/** A configuration of `count` SKUs (`FBM-00001`…) sold by one Amazon connection in the US and CA marketplaces. */
export function manySkuConfiguration(connection: string, count: number): StockwireConfiguration {
  const skus = Array.from({ length: count }, (_, index) => ({ id: skuName(index) }));
  return StockwireConfigurationSchema.parse({
    version: 1,
    locations: [
      { id: 'amazon-us', kind: 'warehouse' },
      { id: 'amazon-ca', kind: 'warehouse' },
    ],
    skus,
    connections: {
      [connection]: {
        connector: 'amazon',
        locations: { [marketplaces.us]: 'amazon-us', [marketplaces.ca]: 'amazon-ca' },
        settings: {},
      },
    },
    authority: [{ connections: [connection], states: '*' }],
    channels: [{ id: 'amazon', connection, locations: ['amazon-us', 'amazon-ca'] }],
  });
}

export const skuName = (index: number) => `FBM-${String(index + 1).padStart(5, '0')}`;

export function mappingOf(configuration: StockwireConfiguration, connection: string): ConnectionMappingV2 {
  return createConnectionMapping(buildCatalog(configuration), connection);
}

export function sandboxConnector(
  sandbox: AmazonSandbox,
  mapping: ConnectionMappingV2,
  settings: Partial<AmazonConnectorSettingsInput> = {},
  options: AmazonConnectorOptions = {},
): AmazonConnector {
  return createAmazonConnector(
    sandboxSettings(sandbox, settings),
    { mapping, environment: sandboxEnvironment(sandbox) },
    options,
  );
}
