import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog.ts';
import { StockwireConfigurationSchema } from './configuration.ts';

const input = {
  version: 1,
  locations: [{ id: 'wh-1', kind: 'warehouse' }],
  skus: [{ id: 'CAP', aliases: [{ connection: 'erp', value: 'C-1' }] }, { id: 'HAT' }],
  connections: { erp: { connector: 'file', locations: { WH1: 'wh-1' } } },
  authority: [{ connections: ['erp'], states: '*' }],
  channels: [],
};

describe('buildCatalog', () => {
  it('builds one catalog per configuration, shared by every caller of that configuration', () => {
    const configuration = StockwireConfigurationSchema.parse(input);
    const catalog = buildCatalog(configuration);
    expect(buildCatalog(configuration)).toBe(catalog);
    expect(catalog.resolveSku('erp', 'C-1')).toBe('CAP');
    expect(catalog.resolveLocation('erp', 'WH1')).toBe('wh-1');
  });

  it('builds its own catalog for another configuration, even one with the same content', () => {
    const first = StockwireConfigurationSchema.parse(input);
    const second = StockwireConfigurationSchema.parse({ ...input, skus: [...input.skus, { id: 'SCARF' }] });
    expect(buildCatalog(second)).not.toBe(buildCatalog(first));
    expect(buildCatalog(second).skus.has('SCARF')).toBe(true);
    expect(buildCatalog(first).skus.has('SCARF')).toBe(false);
  });
});
