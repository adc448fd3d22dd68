import { createSandboxServer } from '@stockwire/connector-kit/sandbox';
import type { InventoryEvent, Position } from '@stockwire/model';
import { applyEvents, positionKey, positionQuantities } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipBobSandbox, type ShipBobSandbox } from './sandbox/index.ts';
import { createShipBobConnector } from './shipbob-connector.ts';
import { cicero, testMapping } from './test-support/shipbob-test-configuration.ts';

const secret = `whsec_${Buffer.from('a-32-byte-secret-for-the-sandbox').toString('base64')}`;

describe('return.* deliveries from the sandbox, verified and parsed by the connector', () => {
  let sandbox: ShipBobSandbox;
  let receiver: Awaited<ReturnType<typeof createSandboxServer>>;
  const parsed: Array<{ deliveryId: string; topic: string; events: readonly InventoryEvent[]; failures: string[] }> =
    [];
  const seenDeliveries = new Set<string>();
  const positions = new Map<string, Position>();

  beforeAll(async () => {
    sandbox = await createShipBobSandbox();
    const connector = createShipBobConnector(
      {
        baseUrl: sandbox.baseUrl,
        authentication: { kind: 'personal-access-token', token: { env: 'T' } },
        webhookSecret: { env: 'SECRET' },
      } as never,
      { mapping: testMapping, environment: { T: sandbox.personalAccessToken, SECRET: secret } },
    );
    receiver = await createSandboxServer({
      async handle(request) {
        const webhook = {
          headers: request.headers,
          rawBody: Buffer.from(request.bodyText),
          receivedAt: new Date().toISOString(),
        };
        try {
          await connector.webhooks?.verify(webhook);
        } catch {
          return { status: 401 };
        }
        const result = await connector.webhooks?.parse(webhook);
        if (result === undefined) return { status: 500 };
        parsed.push({
          deliveryId: result.deliveryId,
          topic: result.topic ?? '',
          events: result.events,
          failures: result.failures.map((failure) => failure.error.name),
        });
        // As the runner does: a repeated webhook-id is dropped; the rest is applied to the positions.
        if (!seenDeliveries.has(result.deliveryId)) {
          seenDeliveries.add(result.deliveryId);
          applyEvents(positions, result.events);
        }
        return { status: 200 };
      },
    });
    sandbox.webhooks.subscribe({ target: receiver.url, secret });
    sandbox.addFulfillmentCenter(cicero);
  });
  afterAll(async () => {
    await receiver?.close();
    await sandbox?.close();
  });

  it('a return delivered out of order and twice restocks once, and the topics before completion yield no event', async () => {
    const tee = sandbox.addItem('TEE-BLUE-M');
    // The three deliveries go out newest first (completed, updated, created), the completed one twice.
    sandbox.webhooks.deliverer.reorderNext(3);
    sandbox.webhooks.deliverer.duplicateNext(3);
    const { deliveries, completed } = await sandbox.returnOrder({
      fulfillmentCenter: cicero,
      lines: [{ inventoryId: tee, quantity: 2 }],
    });
    expect(parsed.map(({ topic, deliveryId }) => [topic, deliveryId])).toEqual([
      ['return.completed', deliveries.completed?.id],
      ['return.completed', deliveries.completed?.id],
      ['return.updated', deliveries.updated?.id],
      ['return.updated', deliveries.updated?.id],
      ['return.created', deliveries.created?.id],
      ['return.created', deliveries.created?.id],
    ]);
    expect(parsed.filter(({ topic }) => topic !== 'return.completed').flatMap(({ events }) => events)).toEqual([]);
    expect(parsed[0]?.events).toEqual([
      expect.objectContaining({
        kind: 'return-received',
        idempotencyKey: `shipbob:return:${completed.id}:${tee}:restock`,
        sku: 'TEE-BLUE-M',
        location: 'fc-cicero',
        quantity: 2,
        disposition: 'restock',
      }),
    ]);
    // ShipBob may also send the completed return again under a new webhook-id: the idempotency key holds.
    await sandbox.webhooks.send('return.completed', completed);
    expect(parsed.at(-1)?.events.map((event) => event.idempotencyKey)).toEqual([
      `shipbob:return:${completed.id}:${tee}:restock`,
    ]);
    const position = positions.get(positionKey('TEE-BLUE-M', 'fc-cicero'));
    expect(position === undefined ? undefined : positionQuantities(position).onHand).toBe(2);
    expect(sandbox.level(tee, cicero).on_hand_quantity).toBe(2);
  });

  it('an unknown inventory id in a completed return is a typed item failure', async () => {
    const stranger = sandbox.addItem(null, { inventoryId: 8888 });
    await sandbox.returnOrder({ fulfillmentCenter: cicero, lines: [{ inventoryId: stranger, quantity: 1 }] });
    const last = parsed.at(-1);
    expect(last?.topic).toBe('return.completed');
    expect(last?.events).toEqual([]);
    expect(last?.failures).toEqual(['UnmappedSkuError']);
  });
});
