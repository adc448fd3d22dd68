import { buildSchema, type GraphQLSchema } from 'graphql';

/**
 * The part of ShipHero's GraphQL schema the sandbox serves, written in SDL with ShipHero's own type, field and
 * argument names. The contract test checks that every type, field and argument here exists with the same type in
 * the schema reconstructed from ShipHero's introspection (`../shared/specs/shiphero`), so this subset cannot drift
 * from it; anything the connector sends outside it is refused here as ShipHero would refuse an unknown field.
 */
export const shipHeroSandboxSdl = `
scalar ISODateTime

type Query {
  user_quota: UserQuota
  account(analyze: Boolean): AccountQueryResult
  warehouse_products(active: Boolean, analyze: Boolean, customer_account_id: String, sku: String, updated_from: ISODateTime, updated_to: ISODateTime, warehouse_id: String): WarehouseProductsQueryResult
  inventory_changes(analyze: Boolean, customer_account_id: String, date_from: ISODateTime, date_to: ISODateTime, sku: String, warehouse_id: String): InventoryChangesQueryResult
}

type Mutation {
  inventory_replace(data: ReplaceInventoryInput!): UpdateInventoryOutput
}

input ReplaceInventoryInput {
  customer_account_id: String
  includes_non_sellable: Boolean
  location_id: String
  quantity: Int!
  reason: String
  sku: String!
  warehouse_id: String!
}

type UpdateInventoryOutput {
  complexity: Int
  request_id: String
  warehouse_product: WarehouseProduct
}

type AccountQueryResult {
  complexity: Int
  data: Account
  request_id: String
}

type Account {
  id: String
  legacy_id: Int
  warehouses: [Warehouse]
}

type Warehouse {
  id: String
  identifier: String
  legacy_id: Int
}

type UserQuota {
  credits_remaining: Int
  expiration_date: ISODateTime
  increment_rate: Int
  is_expired: Boolean
  max_available: Int
  time_remaining: String
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type WarehouseProductsQueryResult {
  complexity: Int
  data(after: String, before: String, first: Int, last: Int, sort: String): WarehouseProductConnection
  request_id: String
}

type WarehouseProductConnection {
  edges: [WarehouseProductEdge]!
  pageInfo: PageInfo!
}

type WarehouseProductEdge {
  cursor: String!
  node: WarehouseProduct
}

type WarehouseProduct {
  account_id: String
  active: Boolean
  allocated: Int
  available: Int
  backorder: Int
  id: String
  legacy_id: Int
  non_sellable_quantity: Int
  on_hand: Int
  reserve_inventory: Int
  sell_ahead: Int
  sku: String
  updated_at: ISODateTime
  warehouse_id: String
  warehouse_identifier: String
}

type InventoryChangesQueryResult {
  complexity: Int
  data(after: String, before: String, first: Int, last: Int, sort: String): InventoryChangeConnection
  request_id: String
}

type InventoryChangeConnection {
  edges: [InventoryChangeEdge]!
  pageInfo: PageInfo!
}

type InventoryChangeEdge {
  cursor: String!
  node: InventoryChange
}

type InventoryChange {
  account_id: String
  change_in_on_hand: Int
  created_at: ISODateTime
  cycle_counted: Boolean
  location_id: String
  previous_on_hand: Int
  reason: String
  sku: String
  user_id: String
  warehouse_id: String
}
`;

let built: GraphQLSchema | undefined;

export function shipHeroSandboxSchema(): GraphQLSchema {
  built ??= buildSchema(shipHeroSandboxSdl);
  return built;
}
