import type { InventoryEvent } from '@stockwire/model';
import { afterEach, describe, expect, it } from 'vitest';
import { createSandboxClock, createShipBobSandbox, type ShipBobSandbox } from './sandbox/index.ts';
import { type ShipBobChangesCursor, ShipBobChangesCursorSchema } from './shipbob-changes.ts';
import { createShipBobConnector } from './shipbob-connector.ts';
import { vendorAnswerTime } from './shipbob-inventory-read.ts';
import { cicero, testMapping } from './test-support/shipbob-test-configuration.ts';

const dayMs = 86_400_000;
let sandbox: ShipBobSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Every event of one full poll round (levels, then receiving orders), from a cursor. */
async function pollRound(
  connector: ReturnType<typeof createShipBobConnector>,
  start: ShipBobChangesCursor | undefined,
): Promise<{ events: InventoryEvent[]; cursor: ShipBobChangesCursor }> {
  const events: InventoryEvent[] = [];
  let cursor = start;
  for (;;) {
    const page = await connector.changes?.pull({ cursor });
    if (page === undefined) throw new Error('the connector has no changes');
    events.push(...page.events);
    cursor = ShipBobChangesCursorSchema.parse(page.cursor);
    if (!page.hasMore) return { events, cursor };
  }
}

describe("ShipBob levels are dated by ShipBob's clock (the answer's Date header)", () => {
  it('reads the Date header as the end of the second it names, and ignores a missing or unreadable one', () => {
    // Whole seconds: the answer went out at some time in 15:00:07, at the latest 15:00:07.999.
    expect(vendorAnswerTime({ date: 'Sun, 06 Dec 2026 15:00:07 GMT' })).toBe('2026-12-06T15:00:07.999Z');
    expect(vendorAnswerTime({})).toBeUndefined();
    expect(vendorAnswerTime({ date: 'yesterday' })).toBeUndefined();
  });

  it("orders a receipt before the level that holds it, even when ShipBob's clock is days ahead of ours", async () => {
    sandbox = await createShipBobSandbox();
    sandbox.addFulfillmentCenter(cicero);
    const tee = sandbox.addItem('TEE-BLUE-M');
    sandbox.setLevel(tee, cicero, { on_hand_quantity: 0 });
    sandbox.addReceivingOrder({
      fulfillmentCenter: cicero,
      lines: [{ inventoryId: tee, quantity: 12 }],
      arrivesInMs: 2 * dayMs,
      completesInMs: 3 * dayMs,
    });
    const connector = createShipBobConnector(
      { baseUrl: sandbox.baseUrl, authentication: { kind: 'personal-access-token', token: { env: 'T' } } } as never,
      { mapping: testMapping, environment: { T: sandbox.personalAccessToken } },
    );
    const first = await pollRound(connector, undefined);
    // Received and stowed a minute before the next read, by ShipBob's clock, which our clock knows nothing of.
    sandbox.clock.advance(3 * dayMs + 60_000);
    const second = await pollRound(connector, first.cursor);

    const level = second.events.find((event) => event.kind === 'snapshot');
    const receipt = second.events.find((event) => event.kind === 'receipt');
    expect(level).toMatchObject({ sku: 'TEE-BLUE-M', location: 'fc-cicero', quantities: { onHand: 12 } });
    expect(receipt).toMatchObject({ sku: 'TEE-BLUE-M', quantity: 12 });
    // The level was read after the receipt happened, so it already holds those 12 units: the engine must see the
    // receipt as older than the level (superseded), never as 12 more on top of it.
    expect(Date.parse(level?.occurredAt ?? '')).toBeGreaterThan(Date.parse(receipt?.occurredAt ?? ''));
    const snapshot = await connector.snapshot?.read({});
    expect(Date.parse(snapshot?.records[0]?.observedAt ?? '')).toBeGreaterThan(Date.parse(receipt?.occurredAt ?? ''));
  });

  it('dates a level read in the same second as a shipment it holds after that shipment, not before (Date truncates)', async () => {
    // ShipBob's clock starts half a second into a second: the shipment (stamped to the millisecond) and the read
    // after it share that second, and the Date header of the read names its start.
    const halfPast = Math.ceil(Date.now() / 1_000) * 1_000 + 500;
    sandbox = await createShipBobSandbox({ clock: createSandboxClock(halfPast) });
    sandbox.addFulfillmentCenter(cicero);
    const tee = sandbox.addItem('TEE-BLUE-M');
    sandbox.setLevel(tee, cicero, { on_hand_quantity: 20 });
    const connector = createShipBobConnector(
      { baseUrl: sandbox.baseUrl, authentication: { kind: 'personal-access-token', token: { env: 'T' } } } as never,
      { mapping: testMapping, environment: { T: sandbox.personalAccessToken } },
    );
    const shipped = await sandbox.shipOrder({
      fulfillmentCenter: cicero,
      referenceId: 'shopify-order-1001',
      lines: [{ inventoryId: tee, quantity: 3 }],
    });
    const shippedAt = Date.parse(shipped.shipment.actual_fulfillment_date ?? '');
    const { events } = await pollRound(connector, undefined);
    const level = events.find((event) => event.kind === 'snapshot');
    expect(level).toMatchObject({ sku: 'TEE-BLUE-M', quantities: { onHand: 17 } });
    // The level holds the shipment: the engine must take the shipment as older (covered), not as 3 more to take
    // off 17. Dated by the start of the Date header's second it looked older, and 20 became 14.
    expect(Date.parse(level?.occurredAt ?? '')).toBeGreaterThanOrEqual(shippedAt);
    const snapshot = await connector.snapshot?.read({});
    expect(Date.parse(snapshot?.records[0]?.observedAt ?? '')).toBeGreaterThanOrEqual(shippedAt);
  });
});
