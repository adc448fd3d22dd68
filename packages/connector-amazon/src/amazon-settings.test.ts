import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { amazonConnectorDefinition, createAmazonConnector } from './amazon-connector.ts';
import { manySkuConfiguration, mappingOf } from './test-support/amazon-test-setup.ts';

const mapping = mappingOf(manySkuConfiguration('amazon-settings', 1), 'amazon-settings');
const valid = {
  sellerId: 'A2SELLER',
  marketplaceIds: ['ATVPDKIKX0DER'],
  clientId: { env: 'AMAZON_LWA_CLIENT_ID' },
  clientSecret: { env: 'AMAZON_LWA_CLIENT_SECRET' },
  refreshToken: { env: 'AMAZON_REFRESH_TOKEN' },
};

describe('Amazon connector settings', () => {
  it('fills the documented defaults', () => {
    expect(amazonConnectorDefinition.settingsSchema.parse(valid)).toMatchObject({
      region: 'na',
      productType: 'PRODUCT',
      feedThreshold: 20,
      feedPollSeconds: 60,
      ordersLookbackHours: 24,
      timeoutMs: 30_000,
    });
  });

  it('refuses unknown keys and secrets written as values, naming the setting', () => {
    const typo = () => createAmazonConnector({ ...valid, marketplaceId: 'X' } as never, { mapping });
    expect(typo).toThrow(ConnectorConfigurationError);
    expect(typo).toThrow(/settings\.\(root\)|marketplaceId/);
    const plainSecret = () => createAmazonConnector({ ...valid, refreshToken: 'Atzr|secret' } as never, { mapping });
    expect(plainSecret).toThrow(/settings\.refreshToken/);
  });
});
