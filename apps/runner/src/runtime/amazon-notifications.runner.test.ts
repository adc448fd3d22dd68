import { randomUUID } from 'node:crypto';
import {
  type AmazonSandbox,
  createAmazonSandbox,
  fbaAvailabilityNotification,
  orderChangeNotification,
} from '@stockwire/connector-amazon/sandbox';
import { createShopifySandbox, type ShopifySandbox } from '@stockwire/connector-shopify/sandbox';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startInProcessRunner } from '../test-support/in-process-runner.ts';
import { createSyncWorld } from '../test-support/sync-world.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { Runner } from './create-runner.ts';

const redis = useRedisServer();
const marketplace = 'ATVPDKIKX0DER';
const shopifyLocation = 'gid://shopify/Location/3001';
const sku = 'SKU-C';

let amazon: AmazonSandbox | undefined;
let shopify: ShopifySandbox | undefined;
let runner: Runner | undefined;
afterEach(async () => {
  await runner?.close();
  await Promise.allSettled([amazon?.close(), shopify?.close()]);
  runner = amazon = shopify = undefined;
});

/**
 * A seller whose Amazon FBA stock (location `amazon-us`, Amazon its authority) is also sold on Shopify, with
 * SP-API notifications delivered to an SQS queue: the sandbox's, reached through `sqsQueueUrl` and `sqsEndpoint`.
 */
async function startWorld(): Promise<{ runner: Runner; amazon: AmazonSandbox; shopifyItem: string }> {
  const amazonSandbox = await createAmazonSandbox();
  const shopifySandbox = await createShopifySandbox();
  amazon = amazonSandbox;
  shopify = shopifySandbox;
  shopifySandbox.addLocation(shopifyLocation);
  const shopifyItem = shopifySandbox.addInventoryItem(sku);
  shopifySandbox.setLevel(shopifyItem, shopifyLocation, { available: 0, on_hand: 0 });
  const world = await createSyncWorld();
  const configuration = StockwireConfigurationSchema.parse({
    ...world.configuration,
    locations: [...world.configuration.locations, { id: 'amazon-us', kind: 'marketplace-fulfilled' }],
    connections: {
      ...world.configuration.connections,
      shopify: {
        connector: 'shopify',
        locations: { [shopifyLocation]: 'wh-2' },
        settings: shopifySandbox.connectionSettings({
          accessToken: 'SHOPIFY_ACCESS_TOKEN',
          apiSecretKey: 'SHOPIFY_API_SECRET',
        }),
      },
      amazon: {
        connector: 'amazon',
        locations: { [marketplace]: 'amazon-us' },
        settings: {
          sellerId: amazonSandbox.sellerId,
          marketplaceIds: [marketplace],
          clientId: { env: 'AMAZON_CLIENT_ID' },
          clientSecret: { env: 'AMAZON_CLIENT_SECRET' },
          refreshToken: { env: 'AMAZON_REFRESH_TOKEN' },
          endpoint: amazonSandbox.baseUrl,
          sqsQueueUrl: amazonSandbox.sqs.queueUrl,
          sqsEndpoint: amazonSandbox.sqs.endpoint,
          sqsAccessKeyId: { env: 'AMAZON_SQS_ACCESS_KEY_ID' },
          sqsSecretAccessKey: { env: 'AMAZON_SQS_SECRET_ACCESS_KEY' },
          sqsWaitSeconds: 1,
        },
      },
    },
    authority: [{ connections: ['amazon'], states: '*', locations: ['amazon-us'] }, ...world.configuration.authority],
    // Shopify sells the FBA stock (Amazon ships Shopify's orders through Multi-Channel Fulfillment).
    channels: [
      ...world.configuration.channels,
      { id: 'online-fba', connection: 'shopify', locations: ['amazon-us'], publishLocation: 'wh-2' },
    ],
  });
  const started = await startInProcessRunner({ ...world, configuration }, redis.url, {
    options: { keyPrefix: `amazon-notifications-${randomUUID()}` },
    environment: {
      SHOPIFY_ACCESS_TOKEN: shopifySandbox.accessToken,
      SHOPIFY_API_SECRET: shopifySandbox.apiSecretKey,
      AMAZON_CLIENT_ID: amazonSandbox.credentials.clientId,
      AMAZON_CLIENT_SECRET: amazonSandbox.credentials.clientSecret,
      AMAZON_REFRESH_TOKEN: amazonSandbox.credentials.refreshToken,
      AMAZON_SQS_ACCESS_KEY_ID: amazonSandbox.sqs.credentials.accessKeyId,
      AMAZON_SQS_SECRET_ACCESS_KEY: amazonSandbox.sqs.credentials.secretAccessKey,
    },
  });
  runner = started;
  return { runner: started, amazon: amazonSandbox, shopifyItem };
}

describe('Amazon SP-API notifications through SQS (#13)', () => {
  it('FBA availability sets the FBA stock Shopify sells, an ORDER_CHANGE reserves from it, and a malformed message is dead-lettered without blocking them', async () => {
    const world = await startWorld();
    const shopifyShows = () => shopify?.level(world.shopifyItem, shopifyLocation)?.available;
    const describeLast = async () =>
      JSON.stringify({
        shopify: shopifyShows(),
        engine: await world.runner.engine.quantities(sku, 'amazon-us'),
        queue: world.amazon.sqs.remaining().length,
        letters: await world.runner.deadLetters.list(),
      });

    world.amazon.sqs.send('{"NotificationType":"FBA_INVENTORY_AVAILABILITY_CHANGES","Payload":');
    world.amazon.sqs.send(
      JSON.stringify(
        fbaAvailabilityNotification({
          sellerId: world.amazon.sellerId,
          sku,
          marketplaceId: marketplace,
          fulfillable: 12,
        }),
      ),
    );
    await waitUntil(
      'Shopify to show the 12 units Amazon holds in FBA',
      () => (shopifyShows() === 12 ? true : undefined),
      {
        describeLast,
        timeoutMs: 25_000,
      },
    );

    // A merchant-fulfilled order of 2 arrives as ORDER_CHANGE (Unshipped): it holds 2 at the marketplace's location.
    world.amazon.sqs.send(
      JSON.stringify(
        orderChangeNotification({
          sellerId: world.amazon.sellerId,
          orderId: '113-5550001-0000001',
          marketplaceId: marketplace,
          orderStatus: 'Unshipped',
          items: [{ orderItemId: 'OI-77', sellerSku: sku, quantity: 2 }],
        }),
      ),
    );
    await waitUntil('Shopify to show 10 after the Amazon order', () => (shopifyShows() === 10 ? true : undefined), {
      describeLast,
      timeoutMs: 25_000,
    });
    expect(await world.runner.engine.quantities(sku, 'amazon-us')).toMatchObject({ onHand: 12, committed: 2 });

    // Every message was deleted once the runner had it, the malformed one too, which waits as a dead letter.
    await waitUntil('the queue to be empty', () => (world.amazon.sqs.remaining().length === 0 ? true : undefined), {
      describeLast,
    });
    expect(world.amazon.sqs.deleted).toHaveLength(3);
    const letters = await world.runner.deadLetters.list();
    expect(letters.map((letter) => [letter.kind, letter.error?.name])).toEqual([
      ['item-failure', 'MalformedPayloadError'],
    ]);
  }, 60_000);
});
