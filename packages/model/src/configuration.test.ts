import { describe, expect, it } from 'vitest';
import { buildCatalog } from './catalog.ts';
import { type StockwireConfigurationInput, StockwireConfigurationSchema } from './configuration.ts';
import { ModelError, UnknownAliasError, UnknownLocationError } from './model-errors.ts';

function valid(): StockwireConfigurationInput {
  return {
    version: 1,
    locations: [
      { id: 'wh-1', kind: 'warehouse' },
      { id: 'fba', kind: 'marketplace-fulfilled' },
    ],
    skus: [
      { id: 'FRAME', aliases: [{ connection: 'erp', value: '1042' }] },
      { id: 'WHEEL' },
      {
        id: 'BIKE',
        kit: {
          components: [
            { sku: 'FRAME', quantity: 1 },
            { sku: 'WHEEL', quantity: 2 },
          ],
        },
      },
    ],
    connections: {
      erp: { connector: 'file', locations: { WH1: 'wh-1' }, settings: { token: { env: 'ERP_TOKEN' } } },
      amazon: { connector: 'amazon', locations: { ATVPDKIKX0DER: 'fba' } },
    },
    authority: [{ connections: ['erp'], states: '*' }],
    channels: [{ id: 'amazon-us', connection: 'amazon', locations: ['wh-1'] }],
  };
}

function issuesOf(input: unknown) {
  const result = StockwireConfigurationSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) ?? [];
}

describe('StockwireConfigurationSchema', () => {
  it('accepts a consistent configuration and fills defaults', () => {
    const configuration = StockwireConfigurationSchema.parse(valid());
    expect(configuration.locations[0]).toMatchObject({ priority: 100, status: 'active' });
    expect(configuration.channels[0]?.policy).toMatchObject({ percentage: 100, buffer: 0, listing: 'enabled' });
  });

  it('refuses unknown keys, so a typo is an error rather than an ignored setting', () => {
    const input = valid();
    (input.locations[0] as Record<string, unknown>).priorty = 1;
    expect(issuesOf(input)).toContainEqual(
      expect.objectContaining({ path: 'locations.0', message: expect.stringContaining('priorty') }),
    );
  });

  it('names every broken cross-reference by its path', () => {
    const input = valid();
    input.skus[2]!.kit!.components[1]!.sku = 'SPOKE';
    input.channels![0]!.locations = ['wh-9'];
    input.skus[0]!.aliases = [{ connection: 'nobody', value: 'x' }];
    input.authority[0]!.connections = ['ghost'];
    const issues = issuesOf(input);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'skus.2.kit.components.1.sku', message: 'unknown SKU "SPOKE"' },
        { path: 'channels.0.locations.0', message: 'unknown location "wh-9"' },
        { path: 'skus.0.aliases.0.connection', message: 'unknown connection "nobody"' },
        { path: 'authority.0.connections.0', message: 'unknown connection "ghost"' },
      ]),
    );
  });

  it('refuses a secret written into the file', () => {
    const input = valid();
    input.connections.erp!.settings = { accessToken: 'shpat_123' };
    expect(issuesOf(input)).toContainEqual(
      expect.objectContaining({
        path: 'connections.erp.settings.accessToken',
        message: expect.stringContaining('{ env: NAME }'),
      }),
    );
  });

  it('refuses one alias naming two SKUs on the same connection, and kits of kits', () => {
    const input = valid();
    input.skus[1]!.aliases = [{ connection: 'erp', value: '1042' }];
    input.skus.push({ id: 'BIKE-PAIR', kit: { components: [{ sku: 'BIKE', quantity: 2 }] } });
    const messages = issuesOf(input).map((issue) => issue.message);
    expect(messages).toContain('alias "1042" on erp already names SKU "FRAME"');
    expect(messages).toContain('"BIKE" is itself a kit; kits of kits are not supported');
  });

  it('refuses a kit that lists one component twice, at the repeated line (issue #13.7: [A×1, A×1] oversold)', () => {
    const input = valid();
    input.skus[2]!.kit!.components.push({ sku: 'FRAME', quantity: 1 });
    expect(issuesOf(input)).toEqual([
      {
        path: 'skus.2.kit.components.2.sku',
        message:
          '"FRAME" is listed more than once in this kit; list each component once, with the quantity one kit needs (here 2)',
      },
    ]);
  });
});

describe('buildCatalog', () => {
  const catalog = buildCatalog(StockwireConfigurationSchema.parse(valid()));

  it('resolves aliases and canonical ids both ways', () => {
    expect(catalog.resolveSku('erp', '1042')).toBe('FRAME');
    expect(catalog.externalSku('erp', 'FRAME')).toBe('1042');
    expect(catalog.resolveSku('amazon', 'WHEEL')).toBe('WHEEL');
    expect(catalog.resolveLocation('amazon', 'ATVPDKIKX0DER')).toBe('fba');
    expect(catalog.kitsContaining('WHEEL')).toEqual(['BIKE']);
  });

  it('never guesses: an unknown alias or location is a typed error naming the connection', () => {
    expect(() => catalog.resolveSku('erp', '9999')).toThrow(UnknownAliasError);
    // FRAME has an alias on erp, so erp's "FRAME" is not read as ours.
    expect(() => catalog.resolveSku('erp', 'FRAME')).toThrow(/connection "erp" sent SKU "FRAME"/);
    const error = (() => {
      try {
        catalog.resolveLocation('erp', 'WH2');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(UnknownLocationError);
    expect(ModelError.isInstance(error)).toBe(true);
  });
});

describe('secrets and channel listings', () => {
  it('finds a secret written in plain text at any depth of the settings', () => {
    const input = valid();
    input.connections.erp!.settings = {
      transport: { kind: 'sftp', password: 'hunter2', privateKey: { env: 'ERP_KEY' } },
    };
    const issues = issuesOf(input);
    expect(issues.map((issue) => issue.path)).toEqual(['connections.erp.settings.transport.password']);
  });

  it('checks the SKUs a channel lists', () => {
    const input = valid();
    input.channels![0]!.skus = ['FRAME', 'GHOST'];
    expect(issuesOf(input)).toContainEqual({ path: 'channels.0.skus.1', message: 'unknown SKU "GHOST"' });
  });
});
