import { createSandboxServer } from '@stockwire/connector-kit/sandbox';
import { WebhookSignatureError } from '@stockwire/connector-spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShipBobSandbox, type ShipBobSandbox } from './sandbox/index.ts';
import { createShipBobConnector } from './shipbob-connector.ts';
import { cicero, testMapping } from './test-support/shipbob-test-configuration.ts';

const secret = `whsec_${Buffer.from('a-32-byte-secret-for-the-sandbox').toString('base64')}`;

describe('order.shipped deliveries from the sandbox, verified and parsed by the connector', () => {
  let sandbox: ShipBobSandbox;
  let receiver: Awaited<ReturnType<typeof createSandboxServer>>;
  const parsed: Array<{ deliveryId: string; events: number }> = [];
  let failFirst = 0;

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
        if (failFirst > 0) {
          failFirst--;
          return { status: 503 };
        }
        const webhook = {
          headers: request.headers,
          rawBody: Buffer.from(request.bodyText),
          receivedAt: new Date().toISOString(),
        };
        try {
          await connector.webhooks?.verify(webhook);
        } catch (error) {
          return { status: WebhookSignatureError.isInstance(error) ? 401 : 500 };
        }
        const result = await connector.webhooks?.parse(webhook);
        parsed.push({ deliveryId: result?.deliveryId ?? '', events: result?.events.length ?? 0 });
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

  it('retries a failed delivery with the same webhook-id, and a duplicate keeps its id for the runner to drop', async () => {
    const tee = sandbox.addItem('TEE-BLUE-M');
    sandbox.setLevel(tee, cicero, { on_hand_quantity: 5 });
    failFirst = 1;
    const first = await sandbox.shipOrder({
      fulfillmentCenter: cicero,
      referenceId: 'R-1',
      lines: [{ inventoryId: tee, quantity: 2 }],
    });
    sandbox.webhooks.deliverer.duplicateNext(1);
    const second = await sandbox.shipOrder({
      fulfillmentCenter: cicero,
      referenceId: 'R-2',
      lines: [{ inventoryId: tee, quantity: 1 }],
    });
    const attempts = sandbox.webhooks.deliverer.attempts.map((attempt) => [attempt.id, attempt.status]);
    expect(attempts).toEqual([
      [first.delivery?.id, 503],
      [first.delivery?.id, 200],
      [second.delivery?.id, 200],
      [second.delivery?.id, 200],
    ]);
    expect(parsed).toEqual([
      { deliveryId: first.delivery?.id, events: 1 },
      { deliveryId: second.delivery?.id, events: 1 },
      { deliveryId: second.delivery?.id, events: 1 },
    ]);
    expect(sandbox.level(tee, cicero).on_hand_quantity).toBe(2);
  });

  it('a delivery signed with another secret is refused', async () => {
    sandbox.webhooks.subscribe({
      target: receiver.url,
      secret: `whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`,
      retries: 0,
    });
    const tee = sandbox.addItem('TEE-BLUE-M');
    sandbox.setLevel(tee, cicero, { on_hand_quantity: 1 });
    await sandbox.shipOrder({
      fulfillmentCenter: cicero,
      referenceId: 'R-3',
      lines: [{ inventoryId: tee, quantity: 1 }],
    });
    expect(sandbox.webhooks.deliverer.attempts.at(-1)?.status).toBe(401);
  });
});
