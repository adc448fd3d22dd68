import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxServer, type SandboxServer } from './sandbox-server.ts';
import { createWebhookDeliverer, type WebhookDeliverer } from './webhook-deliverer.ts';

const signingSecret = 'whsec_test_secret';

describe('createWebhookDeliverer', () => {
  let receiver: SandboxServer;
  let deliverer: WebhookDeliverer;

  beforeAll(async () => {
    receiver = await createSandboxServer({ handle: () => ({ status: 200 }) });
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(() => {
    receiver.clearCalls();
    deliverer = createWebhookDeliverer({
      target: `${receiver.url}/webhooks`,
      headers: { 'x-topic': 'inventory_levels/update' },
      sign: (bodyText, delivery) => ({
        'x-signature': createHmac('sha256', signingSecret).update(bodyText).digest('base64'),
        'x-webhook-id': delivery.id,
      }),
    });
  });

  const receivedSequence = () => receiver.calls.map((call) => (call.json as { sequence: number }).sequence);

  it('posts the exact body with the vendor-style signature and headers', async () => {
    expect(await deliverer.deliver({ sequence: 1 }, { id: 'event-1' })).toBe('delivered');
    const [call] = receiver.calls;
    expect(call?.method).toBe('POST');
    expect(call?.path).toBe('/webhooks');
    expect(call?.headers['x-topic']).toBe('inventory_levels/update');
    expect(call?.headers['x-webhook-id']).toBe('event-1');
    expect(call?.headers['x-signature']).toBe(
      createHmac('sha256', signingSecret)
        .update(call?.bodyText ?? '')
        .digest('base64'),
    );
    expect(deliverer.attempts).toMatchObject([{ id: 'event-1', status: 200 }]);
  });

  it('drops the next deliveries', async () => {
    deliverer.dropNext(1);
    expect(await deliverer.deliver({ sequence: 1 }, { id: 'lost' })).toBe('dropped');
    await deliverer.deliver({ sequence: 2 });
    expect(receivedSequence()).toEqual([2]);
    expect(deliverer.dropped).toEqual(['lost']);
  });

  it('duplicates the next deliveries with the same id', async () => {
    deliverer.duplicateNext(1);
    await deliverer.deliver({ sequence: 1 });
    await deliverer.deliver({ sequence: 2 });
    expect(receivedSequence()).toEqual([1, 1, 2]);
    const ids = receiver.calls.map((call) => call.headers['x-webhook-id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('reorders the next deliveries, newest first, once the last one is handed over', async () => {
    deliverer.reorderNext(3);
    expect(await deliverer.deliver({ sequence: 1 })).toBe('held');
    expect(await deliverer.deliver({ sequence: 2 })).toBe('held');
    expect(receiver.calls).toHaveLength(0);
    expect(await deliverer.deliver({ sequence: 3 })).toBe('delivered');
    await deliverer.deliver({ sequence: 4 });
    expect(receivedSequence()).toEqual([3, 2, 1, 4]);
  });

  it('flushes held deliveries on demand', async () => {
    deliverer.reorderNext(5);
    await deliverer.deliver({ sequence: 1 });
    await deliverer.deliver({ sequence: 2 });
    await deliverer.flush();
    await deliverer.deliver({ sequence: 3 });
    expect(receivedSequence()).toEqual([2, 1, 3]);
  });
});
