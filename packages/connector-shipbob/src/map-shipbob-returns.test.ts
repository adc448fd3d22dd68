import { describe, expect, it } from 'vitest';
import { returnEvents } from './map-shipbob-returns.ts';
import { ShipBobReturnSchema } from './shipbob-payloads.ts';
import { cicero, connection, testMapping } from './test-support/shipbob-test-configuration.ts';

const context = { connection, mapping: testMapping, receivedAt: '2026-03-02T12:00:00.000Z' };
const completed = (inventory: unknown[]) =>
  ShipBobReturnSchema.parse({
    id: 700_001,
    status: 'Completed',
    fulfillment_center: { id: cicero, name: 'Cicero (IL)' },
    insert_date: '2026-03-01T09:00:00Z',
    completed_date: '2026-03-02T10:00:00Z',
    inventory,
  });

describe('ShipBob completed returns → return-received events', () => {
  it('restocks, quarantines and disposes per action taken, keyed by return, inventory id and disposition', () => {
    const { events, failures } = returnEvents(
      completed([
        {
          id: 5001,
          sku: 'TEE-BLUE-M',
          quantity: 3,
          action_taken: [
            { action: 'Restock', quantity_processed: 1 },
            { action: 'Restock', quantity_processed: 1 },
            { action: 'Quarantine', quantity_processed: 1 },
          ],
        },
        { id: 5002, sku: 'MUG-CASE', quantity: 1, action_taken: [{ action: 'Restock', quantity_processed: 1 }] },
      ]),
      context,
    );
    expect(failures).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'return-received',
        idempotencyKey: 'shipbob:return:700001:5001:restock',
        sku: 'TEE-BLUE-M',
        location: 'fc-cicero',
        quantity: 2,
        disposition: 'restock',
        occurredAt: '2026-03-02T10:00:00Z',
      }),
      expect.objectContaining({
        idempotencyKey: 'shipbob:return:700001:5001:quarantine',
        quantity: 1,
        disposition: 'quarantine',
      }),
      // One ShipBob case is six units.
      expect.objectContaining({ sku: 'MUG-CASE', quantity: 6, disposition: 'restock' }),
    ]);
  });

  it('reports an unknown inventory id as a typed item failure and keeps the other lines', () => {
    const { events, failures } = returnEvents(
      completed([
        { id: 8888, sku: null, quantity: 1, action_taken: [{ action: 'Restock', quantity_processed: 1 }] },
        { id: 5003, quantity: 2, action_taken: [{ action: 'Restock', quantity_processed: 2 }] },
      ]),
      context,
    );
    expect(events).toEqual([expect.objectContaining({ sku: 'SOCKS-RED', quantity: 2 })]);
    expect(failures.map((failure) => [failure.where, failure.error.name])).toEqual([
      ['return 700001 inventory[0] inventory 8888', 'UnmappedSkuError'],
    ]);
  });

  it('an action that does not say where the units went is a typed failure, not a guessed restock', () => {
    const { events, failures } = returnEvents(
      completed([
        { id: 5001, sku: 'TEE-BLUE-M', quantity: 1, action_taken: [{ action: 'Default', quantity_processed: 1 }] },
      ]),
      context,
    );
    expect(events).toEqual([]);
    expect(failures.map((failure) => failure.error.name)).toEqual(['MalformedPayloadError']);
  });

  it('a return without a fulfilment centre has no location and is reported', () => {
    const { events, failures } = returnEvents({ ...completed([]), fulfillment_center: null }, context);
    expect(events).toEqual([]);
    expect(failures.map((failure) => failure.where)).toEqual(['return 700001']);
  });
});
