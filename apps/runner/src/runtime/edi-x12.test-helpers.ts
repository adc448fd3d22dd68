import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { createSquareStoreWorld, type SquareStoreWorld, storeSku } from './square-store.test-helpers.ts';

/** The 3PL's interchange id (ISA06 on its documents) and its warehouse's id in them (N1*WH N104). */
export const thirdPartyLogisticsId = 'ACME3PL';
export const thirdPartyWarehouse = 'DC3PL';
/** The department store that gets our 846s (ISA08 on them). */
export const departmentStoreId = '123456789';
export { storeSku };

export interface EdiWorld extends SquareStoreWorld {
  /** The EDI connection's tree (inbox/, outbox/, processed/, rejected/). */
  readonly ediRoot: string;
}

/**
 * The Square store world plus an EDI connection (`edi`) with two partner profiles: a 3PL whose warehouse `dc-3pl`
 * it owns (its 944s and 947s are the authority there) and a department store that buys wholesale and gets channel
 * `dept-store` as 846s. Shopify and the department store both sell the store's shelf and the 3PL's stock.
 */
export async function createEdiWorld(shelfCount: number): Promise<EdiWorld> {
  const store = await createSquareStoreWorld(shelfCount);
  const ediRoot = join(store.world.root, 'edi');
  for (const folder of ['inbox', 'outbox', 'processed', 'rejected'])
    await mkdir(join(ediRoot, folder), { recursive: true });
  const base = store.world.configuration;
  const configuration = StockwireConfigurationSchema.parse({
    ...base,
    locations: [...base.locations, { id: 'dc-3pl', kind: 'warehouse' }],
    connections: {
      ...base.connections,
      edi: {
        connector: 'edi-x12',
        locations: { [thirdPartyWarehouse]: 'dc-3pl' },
        settings: {
          transport: { kind: 'folder', path: ediRoot },
          identity: { qualifier: 'ZZ', id: 'STOCKWIRE' },
          partners: [
            { name: 'acme-3pl', qualifier: 'ZZ', id: thirdPartyLogisticsId },
            { name: 'department-store', qualifier: '01', id: departmentStoreId, channel: 'dept-store' },
          ],
          pollIntervalSeconds: 1,
        },
      },
    },
    authority: [{ connections: ['edi'], states: '*', locations: ['dc-3pl'] }, ...base.authority],
    channels: [
      ...base.channels.map((channel) =>
        channel.id === 'online' ? { ...channel, locations: ['store-1', 'dc-3pl'] } : channel,
      ),
      { id: 'dept-store', connection: 'edi', locations: ['store-1', 'dc-3pl'] },
    ],
  });
  return { ...store, world: { ...store.world, configuration }, ediRoot };
}
