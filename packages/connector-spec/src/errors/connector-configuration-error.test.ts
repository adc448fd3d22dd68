import { describe, expect, it } from 'vitest';
import { ConnectorConfigurationError } from './connector-configuration-error.ts';
import { ConnectorError } from './connector-error.ts';

describe('ConnectorConfigurationError', () => {
  it('names the connector and connection, is not retryable and is recognised by its marker', () => {
    const error = new ConnectorConfigurationError({
      connector: 'shopify',
      system: 'Shopify',
      connection: 'shop-eu',
      problem: 'settings.shop: a *.myshopify.com domain',
    });
    expect(error.message).toBe(
      'the Shopify connector cannot work for connection "shop-eu": settings.shop: a *.myshopify.com domain',
    );
    expect(error).toMatchObject({
      name: 'ConnectorConfigurationError',
      code: 'shopify_configuration',
      retryable: false,
    });
    expect(ConnectorConfigurationError.isInstance(error)).toBe(true);
    expect(ConnectorError.isInstance(error)).toBe(true);
    expect(ConnectorConfigurationError.isInstance(new Error('other'))).toBe(false);
  });
});
