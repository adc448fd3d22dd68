import { describe, expect, it } from 'vitest';
import { formatPath } from './format-path.ts';

describe('formatPath', () => {
  it('writes indexes in brackets and keys with dots', () => {
    expect(formatPath(['skus', 3, 'kit', 'components', 0, 'sku'])).toBe('skus[3].kit.components[0].sku');
  });

  it('quotes keys that are not plain words, so the path stays unambiguous', () => {
    expect(formatPath(['connections', 'shopify', 'locations', 'gid://shopify/Location/1'])).toBe(
      'connections.shopify.locations["gid://shopify/Location/1"]',
    );
    expect(formatPath(['connections', 'wms-east'])).toBe('connections.wms-east');
  });

  it('is empty for the document itself', () => {
    expect(formatPath([])).toBe('');
  });
});
