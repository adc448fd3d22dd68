import { RequestRejectedError } from '@stockwire/connector-spec';
import { z } from 'zod';
import {
  webhookSubscriptionCreateCost,
  webhookSubscriptionCreateDocument,
  webhookSubscriptionsCost,
  webhookSubscriptionsDocument,
} from './shopify-documents.ts';
import { createShopifyGraphql } from './shopify-graphql.ts';
import { parseShopifySettings, type ShopifyConnectorSettingsInput } from './shopify-settings.ts';
import { shopifyWebhookTopics } from './shopify-webhooks.ts';

/** One subscription the connector needs: the REST topic it reads, its GraphQL enum, and whether it exists. */
export interface ShopifyWebhookSubscriptionPlan {
  readonly topic: string;
  readonly graphqlTopic: string;
  readonly callbackUrl: string;
  /** `exists` (left alone), `created` (by this call), `to-create` (a dry run's plan). */
  readonly state: 'exists' | 'created' | 'to-create';
  readonly id?: string | undefined;
}

/** `orders/create` → `ORDERS_CREATE`, as WebhookSubscriptionTopic spells it. */
export const graphqlWebhookTopic = (topic: string) => topic.replaceAll('/', '_').toUpperCase();

const SubscriptionsAnswer = z.object({
  webhookSubscriptions: z.object({
    nodes: z.array(
      z.object({ id: z.string(), topic: z.string(), endpoint: z.object({ callbackUrl: z.string().nullish() }) }),
    ),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
  }),
});
const CreateAnswer = z.object({
  webhookSubscriptionCreate: z.object({
    webhookSubscription: z.object({ id: z.string() }).nullish(),
    userErrors: z.array(z.object({ message: z.string() })),
  }),
});

/**
 * Creates the HTTP webhook subscriptions the connector reads (`shopifyWebhookTopics`) at `callbackUrl`, through
 * Admin GraphQL `webhookSubscriptionCreate`. Idempotent: a topic already subscribed at that address is left alone,
 * so running it again creates nothing. With `dryRun` it only reads, and says what it would create.
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/webhookSubscriptionCreate
 */
export async function subscribeShopifyWebhooks(
  settings: ShopifyConnectorSettingsInput,
  context: { readonly connection: string; readonly environment: NodeJS.ProcessEnv },
  options: { readonly callbackUrl: string; readonly dryRun?: boolean | undefined },
): Promise<ShopifyWebhookSubscriptionPlan[]> {
  const valid = parseShopifySettings(settings, context.connection);
  const graphql = createShopifyGraphql({
    settings: valid,
    connection: context.connection,
    environment: context.environment,
  });
  const existing = new Map<string, string>();
  let after: string | undefined;
  do {
    const page = SubscriptionsAnswer.parse(
      await graphql.request({
        operation: 'WebhookSubscriptions',
        document: webhookSubscriptionsDocument,
        variables: { first: 100, ...(after === undefined ? {} : { after }) },
        estimatedCost: webhookSubscriptionsCost(100),
      }),
    ).webhookSubscriptions;
    for (const node of page.nodes) {
      if (node.endpoint.callbackUrl === options.callbackUrl) existing.set(node.topic, node.id);
    }
    after = page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? undefined) : undefined;
  } while (after !== undefined);

  const plans: ShopifyWebhookSubscriptionPlan[] = [];
  for (const topic of shopifyWebhookTopics) {
    const graphqlTopic = graphqlWebhookTopic(topic);
    const base = { topic, graphqlTopic, callbackUrl: options.callbackUrl };
    const id = existing.get(graphqlTopic);
    if (id !== undefined) plans.push({ ...base, state: 'exists', id });
    else if (options.dryRun === true) plans.push({ ...base, state: 'to-create' });
    else
      plans.push({
        ...base,
        state: 'created',
        id: await create(graphql, graphqlTopic, options.callbackUrl, context.connection),
      });
  }
  return plans;
}

async function create(
  graphql: ReturnType<typeof createShopifyGraphql>,
  topic: string,
  callbackUrl: string,
  connection: string,
): Promise<string> {
  const answer = CreateAnswer.parse(
    await graphql.request({
      operation: 'WebhookSubscriptionCreate',
      document: webhookSubscriptionCreateDocument,
      variables: { topic, webhookSubscription: { callbackUrl, format: 'JSON' } },
      estimatedCost: webhookSubscriptionCreateCost,
    }),
  ).webhookSubscriptionCreate;
  const created = answer.webhookSubscription?.id;
  if (created === undefined || answer.userErrors.length > 0) {
    throw new RequestRejectedError({
      connection,
      target: `webhookSubscriptionCreate ${topic}`,
      vendorStatus: 200,
      vendorMessage: answer.userErrors.map((error) => error.message).join('; ') || 'no subscription returned',
    });
  }
  return created;
}
