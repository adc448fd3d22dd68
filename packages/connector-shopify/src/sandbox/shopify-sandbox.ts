import { createHmac } from 'node:crypto';
import {
  createRouter,
  createSandboxServer,
  createWebhookDeliverer,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
  type WebhookDeliverer,
} from '@stockwire/connector-kit/sandbox';
import { createSandboxCostBucket, type SandboxPlan, standardPlan } from './shopify-sandbox-bucket.ts';
import { createSandboxCheckOperations } from './shopify-sandbox-check.ts';
import { createSandboxOperations } from './shopify-sandbox-operations.ts';
import {
  createSandboxOrderOperations,
  createSandboxOrderStore,
  type SandboxOrder,
  type SandboxWebhookSubscription,
} from './shopify-sandbox-orders.ts';
import {
  clearSandboxState,
  createSandboxState,
  type ShopifySandboxState,
  sandboxLevelKey,
} from './shopify-sandbox-state.ts';

export interface ShopifySandboxOptions {
  readonly accessToken?: string;
  /** The app's API secret key, which signs webhooks. */
  readonly apiSecretKey?: string;
  /** The store's plan: its bucket size and restore rate. Default Standard (1,000 points, 100 per second). */
  readonly plan?: SandboxPlan;
}

/** A webhook as Shopify delivers it: the exact body and the headers that sign and describe it. */
export interface SandboxWebhook {
  readonly headers: Record<string, string>;
  readonly rawBody: Uint8Array;
  readonly receivedAt: string;
}

/**
 * A local Shopify store's Admin GraphQL API, stateful, with the leaky cost bucket of a plan (THROTTLED inside an
 * HTTP 200 when a query asks for more than the bucket holds), compare-and-set and idempotency keys on
 * `inventorySetQuantities`, and webhooks signed as Shopify signs them. Faults (429, resets) through `server.faults`.
 */
export interface ShopifySandbox {
  /** The origin the Admin API answers at: the connector's `adminApiUrl` setting. */
  readonly baseUrl: string;
  /** `stockwire-sandbox-<port>.myshopify.com`: the connector's `shop`, and the shop its webhooks name. */
  readonly shop: string;
  /** Settings that point a connector at this store (secrets as the given variables, read from the environment). */
  connectionSettings(variables: { accessToken: string; apiSecretKey: string }): {
    shop: string;
    adminApiUrl: string;
    accessToken: { env: string };
    apiSecretKey: { env: string };
  };
  readonly accessToken: string;
  readonly apiSecretKey: string;
  readonly server: SandboxServer;
  readonly state: ShopifySandboxState;
  /** Adds a location; its id is `gid://shopify/Location/<number>` unless given. */
  addLocation(id: string): void;
  /** Adds a product variant's inventory item with this SKU and returns its id. */
  addInventoryItem(sku: string): string;
  /**
   * Stocks an item at a location with these named quantities (`available`, `on_hand`, ...), stored as given, and
   * changed `updatedAt` (default now), as an edit in the Shopify admin would.
   */
  setLevel(
    itemId: string,
    locationId: string,
    quantities: Record<string, unknown>,
    options?: { readonly updatedAt?: string },
  ): void;
  level(itemId: string, locationId: string): Record<string, unknown> | undefined;
  itemIdOf(sku: string): string | undefined;
  /** What the bucket holds now. */
  throttleStatus(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
  /** Leaves only `available` points, as calls the limiter never saw would (another process, a crash). */
  drainBucket(available: number): void;
  /**
   * Delivers webhooks to a receiver as Shopify does (signed, `X-Shopify-Event-Id` = the delivery id), with the
   * kit's delivery faults: dropped, duplicated (same event id) and reordered deliveries. Pass the topic and
   * `x-shopify-triggered-at` per delivery in `headers`.
   */
  webhookDeliverer(target: string): WebhookDeliverer;
  /** A webhook delivery signed with the app's secret, headers as Shopify sends them. */
  webhook(topic: string, body: string, options?: { eventId?: string; triggeredAt?: string }): SandboxWebhook;
  /** Adds or replaces an order (its lines as they are now), which `order(id)` answers. */
  putOrder(order: SandboxOrder): void;
  /** The app's webhook subscriptions, as `webhookSubscriptionCreate` made them. */
  readonly webhookSubscriptions: readonly SandboxWebhookSubscription[];
  reset(): void;
  close(): Promise<void>;
}

export async function createShopifySandbox(options: ShopifySandboxOptions = {}): Promise<ShopifySandbox> {
  const accessToken = options.accessToken ?? 'shpat_sandbox_token';
  const apiSecretKey = options.apiSecretKey ?? 'sandbox-api-secret';
  const state = createSandboxState();
  const bucket = createSandboxCostBucket(options.plan ?? standardPlan, () => performance.now());
  let baseUrl = '';
  const orderStore = createSandboxOrderStore();
  const operations = {
    ...createSandboxOperations(state, (name) => `${baseUrl}/bulk-results/${name}`),
    ...createSandboxOrderOperations(orderStore),
    ...createSandboxCheckOperations(state),
  };
  let eventNumber = 0;

  const graphql = (request: SandboxRequest): SandboxResponse => {
    if (request.headers['x-shopify-access-token'] !== accessToken) {
      return {
        status: 401,
        body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' },
      };
    }
    const body = (request.json ?? {}) as { query?: unknown; variables?: unknown };
    const document = typeof body.query === 'string' ? body.query : '';
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const name = /^\s*(?:query|mutation)\s+(\w+)/.exec(document)?.[1] ?? '';
    const operation = operations[name];
    if (operation === undefined) {
      return { body: { errors: [{ message: `the sandbox does not implement operation "${name}"` }] } };
    }
    const requestedQueryCost = operation.requestedCost(variables);
    if (requestedQueryCost > 1_000) {
      const message = `Query cost is ${requestedQueryCost}, which exceeds the single query max cost limit (1000).`;
      return {
        body: {
          errors: [{ message, extensions: { code: 'MAX_COST_EXCEEDED', cost: requestedQueryCost, maxCost: 1_000 } }],
        },
      };
    }
    if (!bucket.take(requestedQueryCost)) {
      state.throttled++;
      state.answered.push({ operation: name, outcome: 'throttled' });
      return {
        body: {
          errors: [
            {
              message: 'Throttled',
              extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
            },
          ],
          extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: bucket.status() } },
        },
      };
    }
    const version = /\/admin\/api\/([^/]+)\/graphql\.json$/.exec(request.path)?.[1] ?? '';
    const answer = operation.run(variables, document, version);
    state.answered.push({ operation: name, outcome: 'ran' });
    bucket.refund(requestedQueryCost - answer.actualCost);
    return {
      body: {
        ...(answer.data === undefined ? {} : { data: answer.data }),
        ...(answer.errors === undefined ? {} : { errors: answer.errors }),
        extensions: {
          cost: { requestedQueryCost, actualQueryCost: answer.actualCost, throttleStatus: bucket.status() },
        },
      },
    };
  };

  // Bulk results are served like Shopify's signed storage URLs: no Shopify token, just the link.
  const bulkResult = (_request: SandboxRequest, parameters: Record<string, string>): SandboxResponse => {
    const operation = state.bulkOperations.get(`gid://shopify/BulkOperation/${parameters.number}`);
    if (operation === undefined) return { status: 404, body: 'NoSuchKey' };
    return { headers: { 'content-type': 'application/jsonl' }, body: operation.jsonLines };
  };
  const router = createRouter()
    .on('POST', '/admin/api/:version/graphql.json', graphql)
    .on('GET', '/bulk-results/:number.jsonl', bulkResult);
  const server = await createSandboxServer({ handle: router.handle });
  baseUrl = server.url;
  const shop = `stockwire-sandbox-${server.port}.myshopify.com`;

  return {
    baseUrl: server.url,
    shop,
    connectionSettings: (variables) => ({
      shop,
      adminApiUrl: server.url,
      accessToken: { env: variables.accessToken },
      apiSecretKey: { env: variables.apiSecretKey },
    }),
    accessToken,
    apiSecretKey,
    server,
    state,
    addLocation(id) {
      state.locations.add(id);
    },
    addInventoryItem(sku) {
      const number = state.nextNumber++;
      const id = `gid://shopify/InventoryItem/${number}`;
      state.items.set(id, {
        id,
        number,
        sku,
        variantId: `gid://shopify/ProductVariant/${number}`,
        productId: `gid://shopify/Product/${number}`,
        inventoryPolicy: 'DENY',
      });
      return id;
    },
    setLevel(itemId, locationId, quantities, levelOptions = {}) {
      state.locations.add(locationId);
      state.levels.set(sandboxLevelKey(itemId, locationId), { ...quantities });
      state.levelUpdatedAt.set(sandboxLevelKey(itemId, locationId), levelOptions.updatedAt ?? new Date().toISOString());
    },
    level: (itemId, locationId) => state.levels.get(sandboxLevelKey(itemId, locationId)),
    itemIdOf: (sku) => [...state.items.values()].find((item) => item.sku === sku)?.id,
    throttleStatus: () => bucket.status(),
    drainBucket: (available) => bucket.drainTo(available),
    webhookDeliverer(target) {
      return createWebhookDeliverer({
        target,
        headers: { 'x-shopify-shop-domain': shop, 'x-shopify-api-version': '2026-10' },
        sign: (bodyText, delivery) => ({
          'x-shopify-hmac-sha256': createHmac('sha256', apiSecretKey).update(bodyText, 'utf8').digest('base64'),
          'x-shopify-event-id': delivery.id,
          'x-shopify-webhook-id': `${delivery.id}-attempt`,
        }),
      });
    },
    webhook(topic, body, webhookOptions = {}) {
      eventNumber++;
      const hmac = createHmac('sha256', apiSecretKey).update(body, 'utf8').digest('base64');
      const triggeredAt = webhookOptions.triggeredAt ?? new Date().toISOString();
      // Header names as Shopify sends them: https://shopify.dev/docs/apps/build/webhooks#headers
      const headers = {
        'content-type': 'application/json',
        'x-shopify-topic': topic,
        'x-shopify-hmac-sha256': hmac,
        'x-shopify-shop-domain': shop,
        'x-shopify-api-version': '2026-10',
        'x-shopify-webhook-id': `sandbox-webhook-${eventNumber}`,
        'x-shopify-event-id': webhookOptions.eventId ?? `sandbox-event-${eventNumber}`,
        'x-shopify-triggered-at': triggeredAt,
      };
      return { headers, rawBody: Buffer.from(body, 'utf8'), receivedAt: new Date().toISOString() };
    },
    putOrder(order) {
      orderStore.orders.set(order.id, order);
    },
    webhookSubscriptions: orderStore.webhookSubscriptions,
    reset() {
      orderStore.clear();
      clearSandboxState(state);
      bucket.reset();
      server.clearCalls();
      server.faults.clear();
    },
    async close() {
      await server.close();
    },
  };
}
