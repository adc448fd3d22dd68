import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createShopifySandbox, type ShopifySandbox } from './sandbox/index.ts';
import { subscribeShopifyWebhooks } from './shopify-webhook-subscriptions.ts';
import { shopifyWebhookTopics } from './shopify-webhooks.ts';

let sandbox: ShopifySandbox;
beforeAll(async () => {
  sandbox = await createShopifySandbox();
});
afterAll(async () => await sandbox.close());
beforeEach(() => sandbox.reset());

const callbackUrl = 'https://stockwire.example.com/webhooks/shopify';
const subscribe = (dryRun = false) =>
  subscribeShopifyWebhooks(
    sandbox.connectionSettings({ accessToken: 'TOKEN', apiSecretKey: 'SECRET' }),
    { connection: 'shopify', environment: { TOKEN: sandbox.accessToken, SECRET: sandbox.apiSecretKey } },
    { callbackUrl, dryRun },
  );
const creates = () => sandbox.state.answered.filter((answer) => answer.operation === 'WebhookSubscriptionCreate');

describe('stockwire shopify subscribe: the webhook subscriptions the connector reads', () => {
  it('creates one subscription per topic, and nothing on a second run', async () => {
    const first = await subscribe();
    expect(first.map((plan) => [plan.graphqlTopic, plan.state])).toEqual(
      shopifyWebhookTopics.map((topic) => [topic.replace('/', '_').toUpperCase(), 'created']),
    );
    expect(sandbox.webhookSubscriptions.map((subscription) => subscription.callbackUrl)).toEqual(
      shopifyWebhookTopics.map(() => callbackUrl),
    );
    expect(sandbox.webhookSubscriptions.map((subscription) => subscription.topic)).toContain('ORDERS_EDITED');
    const again = await subscribe();
    expect(again.every((plan) => plan.state === 'exists')).toBe(true);
    expect(creates()).toHaveLength(shopifyWebhookTopics.length);
  });

  it('a dry run reads what exists and creates nothing', async () => {
    const plans = await subscribe(true);
    expect(plans.every((plan) => plan.state === 'to-create')).toBe(true);
    expect(creates()).toEqual([]);
    expect(sandbox.webhookSubscriptions).toEqual([]);
  });
});
