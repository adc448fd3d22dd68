import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { useRedisServer } from '@stockwire/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RunnerProcess, startRunnerProcess } from '../test-support/runner-process.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';

const redis = useRedisServer();
const adminToken = 'admin-token-for-deep-json-tests-6a1f';
const north = 'gid://shopify/Location/1001';
let sandbox: ShopifySandbox;
let runner: RunnerProcess;

beforeAll(async () => {
  sandbox = await createShopifySandbox();
  sandbox.addLocation(north);
  const world = await createSyncWorld();
  const configuration = {
    ...world.configuration,
    connections: {
      ...world.configuration.connections,
      shopify: {
        connector: 'shopify',
        locations: { [north]: 'wh-1' },
        settings: sandbox.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
    },
  };
  const configurationFile = join(world.root, 'stockwire-shopify.yaml');
  await writeFile(configurationFile, stringify(configuration));
  runner = await startRunnerProcess({
    configurationFile,
    redisUrl: redis.url,
    environment: {
      SHOPIFY_ACCESS_TOKEN: sandbox.accessToken,
      SHOPIFY_API_SECRET: sandbox.apiSecretKey,
      STOCKWIRE_ADMIN_TOKEN: adminToken,
    },
  });
}, 60_000);
afterAll(async () => {
  await runner?.stop('SIGTERM');
  await sandbox?.close();
});

describe('a signed webhook of valid JSON nested 5,000 levels deep (#23.7)', () => {
  it('is dead-lettered as JSON nested too deeply, not as "not JSON"', async () => {
    const body = `{"id":1,"deep":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    expect(() => JSON.parse(body)).not.toThrow();
    const webhook = sandbox.webhook('orders/create', body);
    const answer = await fetch(`${runner.url}/webhooks/shopify`, {
      method: 'POST',
      headers: { ...webhook.headers, 'content-type': 'application/json' },
      body: webhook.rawBody,
    });
    expect(answer.status).toBe(200);
    const reasons = await waitUntil('the delivery to be dead-lettered', async () => {
      const listed = await fetch(`${runner.url}/admin/dead-letters`, {
        headers: { authorization: `Bearer ${adminToken}` },
      });
      const { deadLetters } = (await listed.json()) as { deadLetters: Array<{ reason: string }> };
      return deadLetters.length > 0 ? deadLetters.map((letter) => letter.reason) : undefined;
    });
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('nested too deeply');
    expect(reasons[0]).not.toContain('not JSON');
  }, 30_000);
});
