import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { describe, expect, it } from 'vitest';
import { createShipBobCredentials } from './shipbob-credentials.ts';
import { bucketCeiling, shipBobAccountBucket, shipBobPublishedLimit } from './shipbob-rate-limits.ts';
import { parseShipBobSettings, ShipBobConnectorSettingsSchema } from './shipbob-settings.ts';

const pat = { kind: 'personal-access-token', token: { env: 'SHIPBOB_TOKEN' } } as const;

describe('ShipBob settings', () => {
  it('fills the defaults: production URL, 2026-01, five-minute webhook tolerance', () => {
    const settings = ShipBobConnectorSettingsSchema.parse({ authentication: pat });
    expect(settings).toMatchObject({
      baseUrl: 'https://api.shipbob.com',
      apiVersion: '2026-01',
      webhookToleranceSeconds: 300,
    });
  });

  it('refuses unknown keys, versions it does not speak and a token written in place of its variable', () => {
    for (const invalid of [
      { authentication: pat, shop: 'x' },
      { authentication: pat, apiVersion: '2024-01' },
      { authentication: { kind: 'personal-access-token', token: 'pat_abc' } },
    ]) {
      const error = (() => {
        try {
          parseShipBobSettings(invalid, 'shipbob-us');
        } catch (caught) {
          return caught;
        }
      })();
      expect(ConnectorConfigurationError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/connection "shipbob-us": settings\./);
    }
  });

  it('reads the token only when a call needs it, naming the setting and variable when it is missing', async () => {
    const credentials = createShipBobCredentials({ authentication: pat, environment: {}, connection: 'shipbob-us' });
    await expect(credentials.authorization()).rejects.toThrow(
      /authentication\.token names the environment variable SHIPBOB_TOKEN/,
    );
    const present = createShipBobCredentials({
      authentication: pat,
      environment: { SHIPBOB_TOKEN: 'pat-1' },
      connection: 'x',
    });
    expect(await present.authorization()).toBe('Bearer pat-1');
  });
});

describe('ShipBob rate limits as data', () => {
  it('the token bucket never lets more than the published 150 calls into any 60-second window', () => {
    expect(bucketCeiling(shipBobAccountBucket, shipBobPublishedLimit.windowSeconds)).toBeLessThanOrEqual(
      shipBobPublishedLimit.requests,
    );
  });
});
