import { createHash, randomUUID } from 'node:crypto';
import { createEbaySandbox, type EbaySandbox } from '@stockwire/connector-ebay/sandbox';
import { signShipHeroWebhook } from '@stockwire/connector-shiphero';
import {
  createShipHeroSandbox,
  type SandboxSubscription,
  type ShipHeroSandbox,
} from '@stockwire/connector-shiphero/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld, fixtureSecret, fixtureSecretVariable } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { fixtureWebhookHeaders } from '../test-support/webhook-fixture-connector/fixture-vendor.ts';
import { createHttpServer } from './create-http-server.ts';

const redis = useRedisServer();
const verificationToken = '71745723-d031-455c-bfa5-f90d11b4f20a';
let ebay: EbaySandbox;
let shipHero: ShipHeroSandbox;
let shipHeroWarehouse: string;
let shipHeroChanges: SandboxSubscription;
let runner: Runner;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  ebay = await createEbaySandbox();
  shipHero = await createShipHeroSandbox();
  shipHeroWarehouse = shipHero.addWarehouse(76_733, 'Primary').uuid;
  shipHero.setLevel('SKU-B', shipHeroWarehouse, { on_hand: 5 });
  // `webhook_create` returns the secret before the runner listens; deliveries go to its address once it does.
  shipHeroChanges = shipHero.subscribe('Inventory Change', () => `${base}/webhooks/shiphero`);
  // The fixture connector (signed webhooks, no answer of its own): the runner's default answer.
  const world = await createSyncWorld({ hooks: {} });
  const ebaySettings = {
    baseUrl: ebay.baseUrl,
    clientId: { env: 'EBAY_CLIENT_ID' },
    clientSecret: { env: 'EBAY_CLIENT_SECRET' },
    refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
  };
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    // ShipHero's warehouse, ShipHero the authority for its stock.
    locations: [...world.configuration.locations, { id: 'wh-shiphero', kind: 'warehouse' }],
    authority: [
      { connections: ['shiphero'], states: '*', locations: ['wh-shiphero'] },
      ...world.configuration.authority,
    ],
    connections: {
      ...world.configuration.connections,
      ebay: {
        connector: 'ebay',
        locations: { 'WAREHOUSE-1': 'wh-1' },
        settings: {
          ...ebaySettings,
          verificationToken: { env: 'EBAY_VERIFICATION_TOKEN' },
          notificationEndpoint: 'https://stockwire.example.com/webhooks/ebay',
        },
      },
      shiphero: {
        connector: 'shiphero',
        locations: { [shipHeroWarehouse]: 'wh-shiphero' },
        settings: {
          baseUrl: shipHero.baseUrl,
          authentication: { kind: 'refresh-token', refreshToken: { env: 'SHIPHERO_REFRESH_TOKEN' } },
          webhookSecret: { env: 'SHIPHERO_WEBHOOK_SECRET' },
        },
      },
      // Subscribed before its endpoint settings were filled in: the check cannot be answered.
      'ebay-unset': { connector: 'ebay', locations: { 'WAREHOUSE-1': 'wh-1' }, settings: ebaySettings },
    },
  });
  runner = await startInProcessRunner({ ...world, configuration }, redis.url, {
    options: { keyPrefix: `webhook-answers-${randomUUID()}` },
    environment: {
      EBAY_CLIENT_ID: ebay.credentials.clientId,
      EBAY_CLIENT_SECRET: ebay.credentials.clientSecret,
      EBAY_REFRESH_TOKEN: ebay.credentials.refreshToken,
      EBAY_VERIFICATION_TOKEN: verificationToken,
      SHIPHERO_REFRESH_TOKEN: shipHero.refreshToken,
      SHIPHERO_WEBHOOK_SECRET: shipHeroChanges.secret,
      [fixtureSecretVariable]: fixtureSecret,
    },
  });
  app = await createHttpServer({ runner, adminToken: 'admin-token-for-webhook-answers-7c2a' });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await runner?.close();
  await ebay?.close();
  await shipHero?.close();
});

describe("GET /webhooks/:connection?challenge_code= (eBay's endpoint validation)", () => {
  it('answers JSON challengeResponse: hex SHA-256 of code, verification token and endpoint, as eBay checks', async () => {
    const code = 'a8628072-3d33-45ee-9004-bee86830a22d';
    const response = await fetch(`${base}/webhooks/ebay?challenge_code=${code}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const expected = createHash('sha256')
      .update(code)
      .update(verificationToken)
      .update('https://stockwire.example.com/webhooks/ebay')
      .digest('hex');
    expect(await response.json()).toEqual({ challengeResponse: expected });
  });

  it('refuses a missing, empty, repeated or oversized challenge_code with 400', async () => {
    for (const query of [
      '',
      '?challenge_code=',
      '?challenge_code=a&challenge_code=b',
      `?challenge_code=${'x'.repeat(513)}`,
    ]) {
      const response = await fetch(`${base}/webhooks/ebay${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: string }).error).toContain('challenge_code');
    }
  });

  it('answers 404 for a connection whose connector answers no challenge, and for no connection', async () => {
    const fileConnection = await fetch(`${base}/webhooks/shop?challenge_code=abc`);
    expect(fileConnection.status).toBe(404);
    expect(await fileConnection.json()).toEqual({ error: 'connection "shop" (file) answers no endpoint challenge' });
    const missing = await fetch(`${base}/webhooks/nowhere?challenge_code=abc`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'there is no connection "nowhere"' });
  });

  it('answers 500 naming the missing settings (never a secret) when the connection cannot answer', async () => {
    const response = await fetch(`${base}/webhooks/ebay-unset?challenge_code=abc`);
    expect(response.status).toBe(500);
    const { error } = (await response.json()) as { error: string };
    expect(error).toContain('verificationToken and notificationEndpoint');
    expect(error).not.toContain(verificationToken);
  });
});

describe('POST /webhooks/:connection answers an accepted delivery with the body its vendor expects', () => {
  it('ShipHero\'s {"code":"200","Message":"Success"}, to a delivery and to its retry', async () => {
    await shipHero.adjust('SKU-B', shipHeroWarehouse, 2);
    expect(shipHero.deliveryAttempts().map((attempt) => attempt.status)).toEqual([200]);
    const metrics = async () => await (await fetch(`${base}/metrics`)).text();
    await waitUntil(
      'the delivery to be ingested',
      async () =>
        /stockwire_webhooks_total\{connection="shiphero",outcome="ingested"\} 1\n/.test(await metrics()) || undefined,
    );
    // ShipHero's retry of that message (same id): answered as ShipHero requires, read here.
    const [message] = shipHero.messages;
    const body = JSON.stringify(message?.body);
    const response = await fetch(`${base}/webhooks/shiphero`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shiphero-hmac-sha256': signShipHeroWebhook(shipHeroChanges.secret, body),
        'x-shiphero-message-id': message?.id ?? '',
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe('{"code":"200","Message":"Success"}');
    await waitUntil(
      'the retry to be recognised as one',
      async () =>
        /stockwire_webhooks_total\{connection="shiphero",outcome="duplicate"\} 1\n/.test(await metrics()) || undefined,
      {
        timeoutMs: 15_000,
        describeLast: async () =>
          JSON.stringify({
            webhooks: (await metrics()).split('\n').filter((line) => line.startsWith('stockwire_webhooks_total')),
            letters: await runner.deadLetters.list(),
          }),
      },
    );
    expect(await runner.deadLetters.count()).toBe(0);
  }, 20_000);

  it('{"accepted":true} for a connector that names no answer; a bad signature is still a 401', async () => {
    const body = JSON.stringify({ adjustments: [] });
    const accepted = await fetch(`${base}/webhooks/hooks`, {
      method: 'POST',
      headers: fixtureWebhookHeaders(body, fixtureSecret, 'answer-default-1'),
      body,
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ accepted: true });
    const forged = await fetch(`${base}/webhooks/shiphero`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shiphero-hmac-sha256': signShipHeroWebhook('not-it', body) },
      body,
    });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: 'the webhook signature does not match its body' });
  });
});
