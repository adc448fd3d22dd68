import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createConnectionMapping } from '@stockwire/connector-kit';
import type { ParsedWebhookV2 } from '@stockwire/connector-spec';
import { buildCatalog } from '@stockwire/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { createShopifyConnector } from './shopify-connector.ts';
import {
  conformanceConfiguration,
  conformanceConnection,
  secretVariable,
  tokenVariable,
} from './test-support/shopify-conformance-harness.ts';

let sandbox: ShopifySandbox;
let receiver: Server;
let receiverUrl: string;
const parsed: ParsedWebhookV2[] = [];
const rejected: string[] = [];

beforeAll(async () => {
  sandbox = await createShopifySandbox();
  const connector = createShopifyConnector(
    {
      shop: sandbox.shop,
      adminApiUrl: sandbox.baseUrl,
      accessToken: { env: tokenVariable },
      apiSecretKey: { env: secretVariable },
    },
    {
      mapping: createConnectionMapping(buildCatalog(conformanceConfiguration), conformanceConnection),
      environment: { [tokenVariable]: sandbox.accessToken, [secretVariable]: sandbox.apiSecretKey },
    },
  );
  // The runner's webhook endpoint, reduced to what matters here: verify the raw bytes, then parse.
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const webhook = {
        headers: request.headers,
        rawBody: Buffer.concat(chunks),
        receivedAt: new Date().toISOString(),
      };
      try {
        await connector.webhooks?.verify(webhook);
        const result = await connector.webhooks?.parse(webhook);
        if (result !== undefined) parsed.push(result);
        response.writeHead(200).end();
      } catch (error) {
        rejected.push((error as Error).name);
        response.writeHead(401).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/shopify`;
});
afterAll(async () => {
  await new Promise((resolve) => receiver?.close(resolve));
  await sandbox?.close();
});

const order = (financialStatus: string) => ({
  id: 450789469,
  admin_graphql_api_id: 'gid://shopify/Order/450789469',
  created_at: '2026-11-20T10:00:00-05:00',
  updated_at: '2026-11-20T10:05:00-05:00',
  cancelled_at: null,
  financial_status: financialStatus,
  location_id: 1001,
  line_items: [{ id: 466157049, sku: 'SKU-RED', quantity: 2 }],
});

describe('webhooks delivered by the sandbox, at least once and out of order', () => {
  it('applies a duplicated delivery once and ignores an update that arrives after a newer one', async () => {
    const deliverer = sandbox.webhookDeliverer(receiverUrl);
    deliverer.duplicateNext(1);
    await deliverer.deliver(order('authorized'), {
      id: 'evt-created',
      headers: { 'x-shopify-topic': 'orders/create' },
    });
    deliverer.reorderNext(2);
    const update = (id: string, financialStatus: string, triggeredAt: string) =>
      deliverer.deliver(order(financialStatus), {
        id,
        headers: { 'x-shopify-topic': 'orders/updated', 'x-shopify-triggered-at': triggeredAt },
      });
    await update('evt-voided', 'voided', '2026-11-20T15:05:00Z');
    await update('evt-paid', 'paid', '2026-11-20T15:06:00Z');

    expect(deliverer.attempts.map((attempt) => [attempt.id, attempt.status])).toEqual([
      ['evt-created', 200],
      ['evt-created', 200],
      ['evt-paid', 200],
      ['evt-voided', 200],
    ]);
    expect(rejected).toEqual([]);
    expect(parsed.map((result) => [result.deliveryId, result.events.map((event) => event.kind)])).toEqual([
      ['evt-created', ['reservation-created']],
      // The redelivery carries the same X-Shopify-Event-Id (the runner drops it by that id) and the same
      // idempotency keys (the engine would drop its events): nothing is applied twice.
      ['evt-created', ['reservation-created']],
      ['evt-paid', []],
      // Triggered before the update already applied: a stale "voided" must not release the paid order's hold.
      ['evt-voided', []],
    ]);
    expect(parsed[1]?.events.map((event) => event.idempotencyKey)).toEqual(
      parsed[0]?.events.map((event) => event.idempotencyKey),
    );
  });
});
