import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shopifyWebhookTopics } from '@stockwire/connector-shopify';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../cli/run-cli.ts';

const tokenVariable = 'SHOPIFY_SUBSCRIBE_TEST_TOKEN';
const secretVariable = 'SHOPIFY_SUBSCRIBE_TEST_SECRET';
const callbackUrl = 'https://sync.example.com/webhooks/shopify';
let sandbox: ShopifySandbox;
let configFile: string;

beforeAll(async () => {
  sandbox = await createShopifySandbox();
  process.env[tokenVariable] = sandbox.accessToken;
  process.env[secretVariable] = sandbox.apiSecretKey;
  const folder = await mkdtemp(join(tmpdir(), 'stockwire-shopify-subscribe-'));
  configFile = join(folder, 'stockwire.yaml');
  const configuration = {
    version: 1,
    locations: [{ id: 'wh-1', kind: 'warehouse' }],
    skus: [{ id: 'SKU-A' }],
    connections: {
      shopify: {
        connector: 'shopify',
        locations: { 'gid://shopify/Location/1': 'wh-1' },
        settings: sandbox.connectionSettings({ accessToken: tokenVariable, apiSecretKey: secretVariable }),
      },
      erp: { connector: 'file', settings: { transport: { kind: 'folder', path: folder } } },
    },
    authority: [{ connections: ['erp'], states: '*' }],
    channels: [{ id: 'online', connection: 'shopify', locations: ['wh-1'] }],
  };
  await writeFile(configFile, stringify(configuration));
});
afterAll(async () => {
  delete process.env[tokenVariable];
  delete process.env[secretVariable];
  await sandbox.close();
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

const subscribe = (...extra: string[]) =>
  cli('shopify', 'subscribe', '--connection', 'shopify', '--callback-url', callbackUrl, '-c', configFile, ...extra);

describe('stockwire shopify subscribe', () => {
  it('--dry-run prints the subscriptions it would create and creates none; then it creates each once', async () => {
    const dry = await subscribe('--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would create  ORDERS_EDITED');
    expect(dry.stdout).toContain(`dry run: ${shopifyWebhookTopics.length} to create, 0 already subscribed`);
    expect(sandbox.webhookSubscriptions).toEqual([]);

    const first = await subscribe();
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`${shopifyWebhookTopics.length} created, 0 already subscribed`);
    expect(sandbox.webhookSubscriptions.map((subscription) => subscription.topic).sort()).toEqual(
      shopifyWebhookTopics.map((topic) => topic.replace('/', '_').toUpperCase()).sort(),
    );

    // Idempotent: a second run finds every topic subscribed at that address.
    const again = await subscribe();
    expect(again.stdout).toContain(`0 created, ${shopifyWebhookTopics.length} already subscribed`);
    expect(sandbox.webhookSubscriptions).toHaveLength(shopifyWebhookTopics.length);
  });

  it('a connection that is not Shopify is a usage error naming the Shopify ones', async () => {
    const result = await cli(
      'shopify',
      'subscribe',
      '--connection',
      'erp',
      '--callback-url',
      callbackUrl,
      '-c',
      configFile,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"erp" is not a Shopify connection .*\(its Shopify connections: shopify\)/);
  });
});
