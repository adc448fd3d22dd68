/**
 * The Admin GraphQL documents the connector sends, each with the cost it requests under Shopify's published rules
 * (an object 1 point, a connection 2 points plus `first` times its nodes, a mutation 10 points), reserved in the
 * shared bucket before the call. https://shopify.dev/docs/api/usage/limits#cost-calculation
 */

/** SKU to inventory item id, the catalog the mapping of pushes and webhooks uses. */
export const inventoryItemsBySkuDocument = `query InventoryItemsBySku($first: Int!, $after: String) {
  inventoryItems(first: $first, after: $after) {
    nodes { id sku variant { id inventoryPolicy product { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
/** Each node is the item, its variant and the variant's product: 3 objects. */
export const inventoryItemsBySkuCost = (first: number) => 2 + first * 3;

/** One snapshot page: inventory items with their levels and every named quantity the connector reads. */
export const inventorySnapshotPageDocument = `query InventorySnapshotPage($first: Int!, $after: String, $levels: Int!, $names: [String!]!) {
  inventoryItems(first: $first, after: $after) {
    nodes {
      id
      sku
      inventoryLevels(first: $levels) {
        nodes { location { id } updatedAt quantities(names: $names) { name quantity } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const inventorySnapshotPageCost = (first: number, levels: number) => 2 + first * (1 + 2 + levels * 3);

/** What `available` is now for a batch of items at one location: the base of the compare-and-set. */
export const currentAvailableDocument = `query CurrentAvailable($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
    }
  }
}`;
export const currentAvailableCost = (ids: number) => 1 + ids * 3;

/**
 * Absolute `available` quantities with compare-and-set (`changeFromQuantity`, API 2026-01+) and an idempotency
 * key (`@idempotent`, required for inventory mutations from 2026-04).
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities
 */
export const setAvailableQuantitiesDocument = `mutation SetAvailableQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup {
      id
      changes { name delta quantityAfterChange item { id } location { id } }
    }
    userErrors { code field message }
  }
}`;
export const setAvailableQuantitiesCost = 10;

/**
 * Whether a variant keeps selling when its stock is out (`CONTINUE`: backorders and preorders) or not (`DENY`), for
 * the variants of one product; the only listing state Shopify keeps per variant.
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/productVariantsBulkUpdate
 */
export const setInventoryPoliciesDocument = `mutation SetInventoryPolicies($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    productVariants { id inventoryPolicy }
    userErrors { code field message }
  }
}`;
export const setInventoryPoliciesCost = 10;

/**
 * The whole inventory as one bulk operation: Shopify runs the query on its side and writes JSON Lines, one object
 * per node, each level with `__parentId`. Each level also names its item and SKU (`item { id sku }`): ungrouped
 * output (the default from 2026-01) does not keep a level beside its item, and a self-contained line can be read
 * as it streams in. No `first` arguments: a bulk query reads every node.
 * https://shopify.dev/docs/api/usage/bulk-operations/queries
 */
export const bulkInventoryQuery = (names: readonly string[]) => `{
  inventoryItems {
    edges {
      node {
        id
        inventoryLevels {
          edges {
            node { location { id } item { id sku } updatedAt quantities(names: ${JSON.stringify(names)}) { name quantity } }
          }
        }
      }
    }
  }
}`;

export const bulkInventorySnapshotDocument = `mutation BulkInventorySnapshot($query: String!) {
  bulkOperationRunQuery(query: $query) {
    bulkOperation { id status }
    userErrors { field message }
  }
}`;
export const bulkInventorySnapshotCost = 10;

export const bulkOperationStatusDocument = `query BulkOperationStatus($id: ID!) {
  node(id: $id) {
    ... on BulkOperation { id status errorCode objectCount url partialDataUrl }
  }
}`;
export const bulkOperationStatusCost = 1;

/**
 * An order's lines as they are now, for `orders/edited` (whose payload names lines by id and delta only): the SKU
 * of each line, its quantity after the edit, and the retail location of a POS order.
 */
export const orderLinesDocument = `query OrderLines($id: ID!, $first: Int!) {
  order(id: $id) {
    id
    retailLocation { id }
    lineItems(first: $first) { nodes { id sku currentQuantity } }
  }
}`;
/** The order, its location, and a connection of `first` line items. */
export const orderLinesCost = (first: number) => 2 + 2 + first;

/** The app's HTTP webhook subscriptions, to create only the missing ones (`stockwire shopify subscribe`). */
export const webhookSubscriptionsDocument = `query WebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) {
    nodes { id topic endpoint { __typename ... on WebhookHttpEndpoint { callbackUrl } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const webhookSubscriptionsCost = (first: number) => 2 + first * 2;

export const webhookSubscriptionCreateDocument = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic }
    userErrors { field message }
  }
}`;
export const webhookSubscriptionCreateCost = 10;
