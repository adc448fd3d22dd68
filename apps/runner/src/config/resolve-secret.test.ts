import { describe, expect, it } from 'vitest';
import { MissingSecretError, resolveSecret } from './resolve-secret.ts';

const reference = { env: 'SHOPIFY_ACCESS_TOKEN', settingPath: 'connections.shopify.settings.accessToken' };

describe('resolveSecret', () => {
  it('returns the value of the named environment variable', () => {
    expect(resolveSecret(reference, { SHOPIFY_ACCESS_TOKEN: 'shpat_value' })).toBe('shpat_value');
  });

  it('names the setting and the variable when the variable is not set', () => {
    let caught: unknown;
    try {
      resolveSecret(reference, {});
    } catch (error) {
      caught = error;
    }

    expect(MissingSecretError.isInstance(caught)).toBe(true);
    const error = caught as MissingSecretError;
    expect(error).toMatchObject({
      name: 'MissingSecretError',
      retryable: false,
      settingPath: 'connections.shopify.settings.accessToken',
      variable: 'SHOPIFY_ACCESS_TOKEN',
    });
    expect(error.message).toContain('connections.shopify.settings.accessToken');
    expect(error.message).toContain('SHOPIFY_ACCESS_TOKEN, which is not set');
  });

  it('treats an empty variable as missing, since no vendor accepts an empty credential', () => {
    expect(() => resolveSecret(reference, { SHOPIFY_ACCESS_TOKEN: '' })).toThrow(/set but empty/);
  });
});
