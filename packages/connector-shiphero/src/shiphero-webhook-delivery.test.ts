import { createServer, type Server } from 'node:http';
import { createConnectionMapping } from '@stockwire/connector-kit';
import type { RawWebhookV2 } from '@stockwire/connector-spec';
import { buildCatalog, type InventoryEvent } from '@stockwire/model';
import { afterEach, describe, expect, it } from 'vitest';
import { createShipHeroSandbox, type ShipHeroSandbox } from './sandbox/index.ts';
import { createShipHeroConnector } from './shiphero-connector.ts';
import { connection, primary, testConfiguration } from './test-support/shiphero-test-configuration.ts';

const mapping = createConnectionMapping(buildCatalog(testConfiguration), connection);

/** A receiver that keeps every delivery as the runner's endpoint would hand it to the connector. */
async function receiver(): Promise<{ url: string; received: RawWebhookV2[]; server: Server }> {
  const received: RawWebhookV2[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        headers: request.headers as Record<string, string>,
        rawBody: Buffer.concat(chunks),
        receivedAt: new Date().toISOString(),
      });
      response.end('{"code":"200","Message":"Success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`, received, server };
}

describe('ShipHero webhook deliveries from the sandbox', () => {
  let sandbox: ShipHeroSandbox | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    server?.close();
    await sandbox?.close();
  });

  it('verifies each webhook with its own secret, and dates reordered Inventory Changes by ShipHero’s timestamps', async () => {
    // ShipHero's clock: the webhooks' timestamps have whole seconds, so the second change comes a minute later.
    let time = Date.now();
    sandbox = await createShipHeroSandbox({ now: () => time });
    sandbox.addWarehouse(76_733);
    sandbox.setLevel('TEE-BLUE-M', primary, { on_hand: 10 });
    const target = await receiver();
    server = target.server;
    const change = sandbox.subscribe('Inventory Change', target.url);
    const update = sandbox.subscribe('Inventory Update', target.url);
    const connector = createShipHeroConnector(
      {
        authentication: { kind: 'refresh-token', refreshToken: { env: 'UNUSED' } },
        webhookSecret: [{ env: 'CHANGE_SECRET' }, { env: 'UPDATE_SECRET' }],
      } as never,
      { mapping, environment: { CHANGE_SECRET: change.secret, UPDATE_SECRET: update.secret } },
    );

    // Two changes a minute apart, whose Inventory Change deliveries arrive newest first.
    change.deliverer.reorderNext(2);
    await sandbox.adjust('TEE-BLUE-M', primary, -4, 'Order #1 shipped');
    time += 60_000;
    await sandbox.adjust('TEE-BLUE-M', primary, 3, 'Cycle count');

    const events: InventoryEvent[] = [];
    for (const webhook of target.received) {
      await connector.webhooks?.verify(webhook);
      const parsed = await connector.webhooks?.parse(webhook);
      expect(parsed?.deliveryId).toMatch(/^shiphero-message-/);
      events.push(...(parsed?.events ?? []));
    }
    const changes = events.filter((event) => String(event.idempotencyKey).startsWith('shiphero:on-hand:'));
    // Arrived newest first (9, then 6), but ShipHero's timestamps put 6 before 9: the engine keeps the newer.
    expect(changes.map((event) => event.kind === 'snapshot' && event.quantities.onHand)).toEqual([9, 6]);
    const newest = changes.toSorted((left, right) => left.occurredAt.localeCompare(right.occurredAt)).at(-1);
    expect(newest).toMatchObject({ quantities: { onHand: 9 } });
    expect(sandbox.level('TEE-BLUE-M', primary)?.on_hand).toBe(9);

    // A delivery signed with neither secret is refused.
    const forged = {
      ...target.received[0],
      headers: { ...target.received[0]?.headers, 'x-shiphero-hmac-sha256': 'AAAA' },
    };
    await expect(connector.webhooks?.verify(forged as RawWebhookV2)).rejects.toMatchObject({
      name: 'WebhookSignatureError',
    });
  });
});
