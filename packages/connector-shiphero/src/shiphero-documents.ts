/**
 * Every GraphQL document the connector sends, in one place, so the contract test can validate each against the
 * schema reconstructed from ShipHero's introspection (`../shared/specs/shiphero`). Connections are paged Relay
 * style; `first` is always passed because ShipHero prices a query by it.
 */

export const userQuotaDocument = `query UserQuota {
  user_quota {
    credits_remaining
    max_available
    increment_rate
  }
}`;

/** The account's warehouses, for the connection check: `Warehouse.id` is the id levels carry as `warehouse_id`. */
export const accountWarehousesDocument = `query AccountWarehouses {
  account {
    request_id
    complexity
    data {
      warehouses {
        id
        identifier
      }
    }
  }
}`;

export const warehouseProductsDocument = `query WarehouseProductsPage($first: Int!, $after: String, $customerAccountId: String) {
  warehouse_products(customer_account_id: $customerAccountId) {
    request_id
    complexity
    data(first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          sku
          warehouse_id
          on_hand
          allocated
          available
          backorder
          reserve_inventory
          non_sellable_quantity
          sell_ahead
          updated_at
        }
      }
    }
  }
}`;

export const inventoryChangesDocument = `query InventoryChangesPage($first: Int!, $after: String, $dateFrom: ISODateTime, $customerAccountId: String) {
  inventory_changes(date_from: $dateFrom, customer_account_id: $customerAccountId) {
    request_id
    complexity
    data(first: $first, after: $after, sort: "created_at") {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          sku
          warehouse_id
          previous_on_hand
          change_in_on_hand
          reason
          cycle_counted
          created_at
        }
      }
    }
  }
}`;

export const warehouseProductLevelDocument = `query WarehouseProductLevel($sku: String!, $warehouseId: String!, $customerAccountId: String) {
  warehouse_products(sku: $sku, warehouse_id: $warehouseId, customer_account_id: $customerAccountId) {
    request_id
    complexity
    data(first: 1) {
      edges {
        node {
          sku
          warehouse_id
          on_hand
        }
      }
    }
  }
}`;

export const inventoryReplaceDocument = `mutation InventoryReplace($data: ReplaceInventoryInput!) {
  inventory_replace(data: $data) {
    request_id
    complexity
    warehouse_product {
      sku
      warehouse_id
      on_hand
    }
  }
}`;
