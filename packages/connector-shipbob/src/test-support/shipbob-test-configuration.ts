import { createConnectionMapping } from '@stockwire/connector-kit';
import { buildCatalog, StockwireConfigurationSchema } from '@stockwire/model';

export const connection = 'shipbob-us';
/** ShipBob fulfilment centre ids as the API names them (Cicero and Moreno Valley in ShipBob's examples). */
export const cicero = 10;
export const morenoValley = 11;

/** Three SKUs (one sold in cases of 6 on ShipBob, one known by its inventory id) at two fulfilment centres. */
export const testConfiguration = StockwireConfigurationSchema.parse({
  version: 1,
  locations: [
    { id: 'fc-cicero', kind: 'warehouse' },
    { id: 'fc-moreno', kind: 'warehouse' },
  ],
  skus: [
    { id: 'TEE-BLUE-M' },
    { id: 'MUG-CASE', units: [{ connection, unit: 'case', unitsPer: 6 }] },
    { id: 'SOCKS-RED', aliases: [{ connection, value: '5003' }] },
  ],
  connections: {
    [connection]: {
      connector: 'shipbob',
      locations: { [String(cicero)]: 'fc-cicero', [String(morenoValley)]: 'fc-moreno' },
      settings: {},
    },
  },
  authority: [{ connections: [connection], states: '*' }],
  channels: [],
});

export const testMapping = createConnectionMapping(buildCatalog(testConfiguration), connection);
