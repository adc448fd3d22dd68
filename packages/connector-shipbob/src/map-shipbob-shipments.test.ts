import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shipmentEvents } from './map-shipbob-shipments.ts';
import { ShipBobShipmentSchema } from './shipbob-payloads.ts';
import { connection, testMapping } from './test-support/shipbob-test-configuration.ts';

const fixture = (name: string) =>
  ShipBobShipmentSchema.parse(JSON.parse(readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')));
const context = { connection, mapping: testMapping, receivedAt: '2026-03-02T12:00:00.000Z' };

describe('ShipBob shipments → shipment events', () => {
  it('ships each inventory item from the shipment fulfilment centre at the fulfilment time', () => {
    const { events, failures } = shipmentEvents(fixture('order-shipped.webhook.json'), context);
    expect(failures).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'shipment',
        idempotencyKey: 'shipbob:shipment:900001:5001',
        sku: 'TEE-BLUE-M',
        location: 'fc-cicero',
        quantity: 2,
        occurredAt: '2026-03-02T11:30:00Z',
      }),
      // A bundle's components carry only their inventory ids; the connection aliases 5003.
      expect.objectContaining({ sku: 'SOCKS-RED', quantity: 3 }),
    ]);
  });

  it('reports an unmapped inventory item as a typed failure and keeps the rest', () => {
    const shipment = fixture('order-shipped.webhook.json');
    const flawed = {
      ...shipment,
      products: [...(shipment.products ?? []), { id: 3, sku: 'NOPE', inventory_items: [{ id: 8888, quantity: 1 }] }],
    };
    const { events, failures } = shipmentEvents(flawed, context);
    expect(events).toHaveLength(2);
    expect(failures.map((failure) => failure.error.name)).toEqual(['UnmappedSkuError']);
  });
});
