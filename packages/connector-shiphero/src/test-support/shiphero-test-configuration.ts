import { StockwireConfigurationSchema } from '@stockwire/model';
import { warehouseUuid } from '../shiphero-time.ts';

export const connection = 'shiphero-main';
/** ShipHero warehouse ids as its GraphQL API names them (base64 of `Warehouse:<legacy id>`). */
export const primary = warehouseUuid(76_733);
export const secondary = warehouseUuid(76_734);

/** Three SKUs (one counted in cases of 6 in ShipHero, one known under another name) at two warehouses. */
export const testConfiguration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'wh-primary', kind: 'warehouse' },
    { id: 'wh-secondary', kind: 'warehouse' },
  ],
  skus: [
    { id: 'TEE-BLUE-M' },
    {
      id: 'MUG-CASE',
      aliases: [{ connection, value: 'MUG-CASE-6' }],
      units: [{ connection, unit: 'case', unitsPer: 6 }],
    },
    { id: 'SOCKS-RED' },
  ],
  connections: {
    [connection]: {
      connector: 'shiphero',
      locations: { [primary]: 'wh-primary', [secondary]: 'wh-secondary' },
      settings: {},
    },
  },
  authority: [{ connections: [connection], states: '*' }],
  channels: [],
});
