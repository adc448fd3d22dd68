import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStockLocation,
  createSuperAdminApiKey,
  createVariant,
  readStockLevels,
  setStockLevels,
} from './test-support/vendure-seed.ts';
import { startVendureTestServer, type VendureTestServer } from './test-support/vendure-test-server.ts';

let vendure: VendureTestServer;
beforeAll(async () => {
  vendure = await startVendureTestServer();
  // Reported for the start-up budget (~30 s); never asserted (no timing asserts in tests).
  console.info(`Vendure test server populated and started in ${vendure.startupMs} ms`);
});
afterAll(async () => vendure?.close());

describe('the real Vendure test server', () => {
  it('keeps stock per variant × stock location, absolute, and records our writes as levels', async () => {
    const locations = await vendure.admin<{ stockLocations: { items: Array<{ id: string }> } }>(
      '{ stockLocations { items { id } } }',
    );
    const defaultLocation = locations.stockLocations.items[0]?.id ?? '';
    const backRoom = await createStockLocation(vendure, 'Back Room');
    const variant = await createVariant(vendure, 'SEED-1', [
      { stockLocationId: defaultLocation, stockOnHand: 5 },
      { stockLocationId: backRoom, stockOnHand: 3 },
    ]);
    await setStockLevels(vendure, variant, [{ stockLocationId: backRoom, stockOnHand: 9 }]);
    const levels = await readStockLevels(vendure, variant);
    expect(levels).toEqual(
      expect.arrayContaining([
        { stockLocationId: defaultLocation, stockOnHand: 5, stockAllocated: 0 },
        { stockLocationId: backRoom, stockOnHand: 9, stockAllocated: 0 },
      ]),
    );
  });

  it('answers an Admin API call authenticated by an API key alone', async () => {
    const apiKey = await createSuperAdminApiKey(vendure, 'stockwire-test');
    const response = await fetch(vendure.adminApiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'vendure-api-key': apiKey, 'vendure-token': vendure.channelToken },
      body: JSON.stringify({ query: '{ activeChannel { code } }' }),
    });
    expect(await response.json()).toEqual({ data: { activeChannel: { code: '__default_channel__' } } });
  });
});
