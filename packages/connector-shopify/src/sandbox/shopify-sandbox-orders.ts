import type { OperationAnswer, SandboxOperation } from './shopify-sandbox-operations.ts';

/** One order as the sandbox store keeps it: its lines as they are now (after any edit). */
export interface SandboxOrder {
  /** Numeric id, as the REST webhooks carry it. */
  readonly id: string;
  /** The retail location of a POS order (`gid://shopify/Location/…`). */
  readonly retailLocationId?: string | undefined;
  readonly lineItems: readonly { readonly id: string; readonly sku: string | null; readonly currentQuantity: number }[];
}

/** One HTTP webhook subscription of the app. */
export interface SandboxWebhookSubscription {
  readonly id: string;
  readonly topic: string;
  readonly callbackUrl: string;
}

export interface SandboxOrderStore {
  readonly orders: Map<string, SandboxOrder>;
  readonly webhookSubscriptions: SandboxWebhookSubscription[];
  clear(): void;
}

export function createSandboxOrderStore(): SandboxOrderStore {
  const orders = new Map<string, SandboxOrder>();
  const webhookSubscriptions: SandboxWebhookSubscription[] = [];
  return {
    orders,
    webhookSubscriptions,
    clear() {
      orders.clear();
      webhookSubscriptions.length = 0;
    },
  };
}

const numberOf = (value: unknown) => Number(value ?? 0);

/**
 * `order(id)` for the lines of an edited order, and the webhook subscriptions of the app (list and create, with
 * Shopify's user error for a topic already subscribed at the same address).
 */
export function createSandboxOrderOperations(store: SandboxOrderStore): Record<string, SandboxOperation> {
  return {
    OrderLines: {
      requestedCost: (variables) => 4 + numberOf(variables.first),
      run(variables): OperationAnswer {
        const id = String(variables.id ?? '').replace(/^gid:\/\/shopify\/Order\//, '');
        const order = store.orders.get(id);
        if (order === undefined) return { data: { order: null }, actualCost: 1 };
        const nodes = order.lineItems.slice(0, numberOf(variables.first)).map((line) => ({
          id: `gid://shopify/LineItem/${line.id}`,
          sku: line.sku,
          currentQuantity: line.currentQuantity,
        }));
        const retailLocation = order.retailLocationId === undefined ? null : { id: order.retailLocationId };
        return {
          data: { order: { id: `gid://shopify/Order/${id}`, retailLocation, lineItems: { nodes } } },
          actualCost: 4 + nodes.length,
        };
      },
    },
    WebhookSubscriptions: {
      requestedCost: (variables) => 2 + numberOf(variables.first) * 2,
      run(variables): OperationAnswer {
        const first = numberOf(variables.first);
        const start = variables.after === undefined || variables.after === null ? 0 : numberOf(variables.after);
        const slice = store.webhookSubscriptions.slice(start, start + first);
        const nodes = slice.map((subscription) => ({
          id: subscription.id,
          topic: subscription.topic,
          endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: subscription.callbackUrl },
        }));
        const hasNextPage = start + first < store.webhookSubscriptions.length;
        return {
          data: { webhookSubscriptions: { nodes, pageInfo: { hasNextPage, endCursor: String(start + first) } } },
          actualCost: 2 + nodes.length * 2,
        };
      },
    },
    WebhookSubscriptionCreate: {
      requestedCost: () => 10,
      run(variables): OperationAnswer {
        const topic = String(variables.topic ?? '');
        const input = (variables.webhookSubscription ?? {}) as { callbackUrl?: unknown; format?: unknown };
        const callbackUrl = String(input.callbackUrl ?? '');
        const taken = store.webhookSubscriptions.some(
          (subscription) => subscription.topic === topic && subscription.callbackUrl === callbackUrl,
        );
        if (taken) {
          const userErrors = [{ field: ['callbackUrl'], message: 'Address for this topic has already been taken' }];
          return { data: { webhookSubscriptionCreate: { webhookSubscription: null, userErrors } }, actualCost: 10 };
        }
        const id = `gid://shopify/WebhookSubscription/${store.webhookSubscriptions.length + 1}`;
        store.webhookSubscriptions.push({ id, topic, callbackUrl });
        return {
          data: { webhookSubscriptionCreate: { webhookSubscription: { id, topic }, userErrors: [] } },
          actualCost: 10,
        };
      },
    },
  };
}
