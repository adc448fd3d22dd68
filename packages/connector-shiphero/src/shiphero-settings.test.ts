import { describe, expect, it } from 'vitest';
import { parseShipHeroSettings, ShipHeroConnectorSettingsSchema } from './shiphero-settings.ts';

const authentication = { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } };

describe('ShipHero settings', () => {
  it('fills ShipHero production and the documented defaults', () => {
    expect(ShipHeroConnectorSettingsSchema.parse({ authentication })).toMatchObject({
      baseUrl: 'https://public-api.shiphero.com',
      pageSize: 50,
      changesPageSize: 50,
      changesLookbackHours: 24,
      pollIntervalSeconds: 300,
      assumedCredits: { maximum: 1_001, restorePerSecond: 15 },
    });
  });

  it('refuses an unknown key and a secret written inline, naming the setting', () => {
    expect(() => parseShipHeroSettings({ authentication, pagesize: 10 }, 'shiphero')).toThrow(
      /settings\.\(root\)|pagesize/,
    );
    expect(() =>
      parseShipHeroSettings({ authentication: { kind: 'refresh-token', refreshToken: 'eyJ.inline' } }, 'shiphero'),
    ).toThrow(/settings\.authentication\.refreshToken/);
    expect(() => parseShipHeroSettings({ authentication, pageSize: 500 }, 'shiphero')).toThrow(/settings\.pageSize/);
  });

  it('takes one webhook secret or one per subscribed webhook', () => {
    for (const webhookSecret of [{ env: 'A_SECRET' }, [{ env: 'A_SECRET' }, { env: 'B_SECRET' }]]) {
      expect(ShipHeroConnectorSettingsSchema.safeParse({ authentication, webhookSecret }).success).toBe(true);
    }
    expect(ShipHeroConnectorSettingsSchema.safeParse({ authentication, webhookSecret: [] }).success).toBe(false);
  });
});
