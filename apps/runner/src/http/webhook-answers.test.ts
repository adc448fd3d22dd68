import { createHash, randomUUID } from 'node:crypto';
import { createEbaySandbox, type EbaySandbox } from '@stockwire/connector-ebay/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from '../runtime/create-runner.ts';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { createHttpServer } from './create-http-server.ts';

const redis = useRedisServer();
const verificationToken = '71745723-d031-455c-bfa5-f90d11b4f20a';
let ebay: EbaySandbox;
let runner: Runner;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  ebay = await createEbaySandbox();
  const world = await createSyncWorld();
  const ebaySettings = {
    baseUrl: ebay.baseUrl,
    clientId: { env: 'EBAY_CLIENT_ID' },
    clientSecret: { env: 'EBAY_CLIENT_SECRET' },
    refreshToken: { env: 'EBAY_REFRESH_TOKEN' },
  };
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
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
    },
  });
  app = await createHttpServer({ runner, adminToken: 'admin-token-for-webhook-answers-7c2a' });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await app?.close();
  await runner?.close();
  await ebay?.close();
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
