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
      feedFillWindowMs: 15_000,
      feedPollSeconds: 60,
      ordersLookbackHours: 24,
      timeoutMs: 30_000,
    });
  });

  it('declares the feed fill window to the runner from the settings, and none when it is 0', () => {
    expect(createAmazonConnector(valid, { mapping }).push.fill).toEqual({ fromItems: 21, windowMs: 15_000 });
    const tuned = createAmazonConnector({ ...valid, feedThreshold: 100, feedFillWindowMs: 40_000 }, { mapping });
    expect(tuned.push.fill).toEqual({ fromItems: 101, windowMs: 40_000 });
    expect(createAmazonConnector({ ...valid, feedFillWindowMs: 0 }, { mapping }).push.fill).toBeUndefined();
    expect(() => createAmazonConnector({ ...valid, feedFillWindowMs: 120_000 }, { mapping })).toThrow(
      /settings\.feedFillWindowMs/,
    );
  });

  it('refuses unknown keys and secrets written as values, naming the setting', () => {
    const typo = () => createAmazonConnector({ ...valid, marketplaceId: 'X' } as never, { mapping });
    expect(typo).toThrow(ConnectorConfigurationError);
    expect(typo).toThrow(/settings\.\(root\)|marketplaceId/);
    const plainSecret = () => createAmazonConnector({ ...valid, refreshToken: 'Atzr|secret' } as never, { mapping });
    expect(plainSecret).toThrow(/settings\.refreshToken/);
  });
});
