import { z } from 'zod';

/**
 * Lenient schemas of the ShipBob answers the connector reads (only the fields it uses, `.nullish()` where the
 * OpenAPI says nullable), so harmless additions never break a sync. Field names as in
 * `../shared/specs/shipbob/openapi-2025-07.json` and `openapi-2026-01.json` (identical for these shapes).
 */

const quantity = z.number().int();

/** `Inventory.FulfillmentCenterResponse`: one item's quantities at one fulfilment centre. */
export const ShipBobLocationLevelSchema = z.object({
  location_id: z.number().int(),
  name: z.string().nullish(),
  on_hand_quantity: quantity.nullish(),
  committed_quantity: quantity.nullish(),
  fulfillable_quantity: quantity.nullish(),
  awaiting_quantity: quantity.nullish(),
  internal_transfer_quantity: quantity.nullish(),
});
export type ShipBobLocationLevel = z.infer<typeof ShipBobLocationLevelSchema>;

/** `Inventory.InventoryQuantityFcResponse`. */
export const ShipBobItemLevelsSchema = z.object({
  inventory_id: z.number().int(),
  sku: z.string().nullish(),
  name: z.string().nullish(),
  locations: z.array(z.unknown()).nullish(),
});
export type ShipBobItemLevels = z.infer<typeof ShipBobItemLevelsSchema>;

/** `Inventory.InventoryQuantityFcResponsePagedResponse`: `next` is the URL of the next page, null on the last. */
export const ShipBobLevelPageSchema = z.object({
  items: z.array(z.unknown()).nullish(),
  next: z.string().nullish(),
});

/** `Receiving.V2.InventoryQuantityViewModel`: one line of a warehouse receiving order. */
export const ShipBobReceivingLineSchema = z.object({
  inventory_id: z.number().int(),
  sku: z.string().nullish(),
  expected_quantity: quantity.nullish(),
  received_quantity: quantity.nullish(),
  stowed_quantity: quantity.nullish(),
});
export type ShipBobReceivingLine = z.infer<typeof ShipBobReceivingLineSchema>;

export const shipBobReceivingStatuses = [
  'Awaiting',
  'Processing',
  'Completed',
  'Cancelled',
  'Incomplete',
  'Arrived',
  'PartiallyArrived',
  'PartiallyArrivedAtHub',
  'ArrivedAtHub',
  'ProcessingAtHub',
  'InternalTransfer',
] as const;

/** `Receiving.V2.WarehouseReceivingOrderViewModel`. */
export const ShipBobReceivingOrderSchema = z.object({
  id: z.number().int(),
  status: z.string(),
  purchase_order_number: z.string().nullish(),
  expected_arrival_date: z.string().nullish(),
  insert_date: z.string().nullish(),
  last_updated_date: z.string().nullish(),
  fulfillment_center: z.object({ id: z.number().int(), name: z.string().nullish() }).nullish(),
  inventory_quantities: z.array(z.unknown()).nullish(),
});
export type ShipBobReceivingOrder = z.infer<typeof ShipBobReceivingOrderSchema>;

/** `Orders.InventoryViewModel`: the physical item (and quantity) a shipped product line took. */
export const ShipBobShipmentInventorySchema = z.object({
  id: z.number().int(),
  quantity: quantity,
  lot: z.string().nullish(),
});

/** `Orders.ShipmentProductViewModel`. */
export const ShipBobShipmentProductSchema = z.object({
  id: z.number().int().nullish(),
  reference_id: z.string().nullish(),
  sku: z.string().nullish(),
  inventory_items: z.array(ShipBobShipmentInventorySchema).nullish(),
});

/** `Orders.ShipmentViewModel`: the body of `order.shipped` and the other `order.shipment.*` deliveries. */
export const ShipBobShipmentSchema = z.object({
  id: z.number().int(),
  order_id: z.number().int().nullish(),
  reference_id: z.string().nullish(),
  status: z.string().nullish(),
  location: z.object({ id: z.number().int(), name: z.string().nullish() }).nullish(),
  actual_fulfillment_date: z.string().nullish(),
  last_update_at: z.string().nullish(),
  products: z.array(z.unknown()).nullish(),
});
export type ShipBobShipment = z.infer<typeof ShipBobShipmentSchema>;

/** `Inventory.FulfillableQuantityByFulfillmentCenter`: one lot's quantities at one fulfilment centre. */
export const ShipBobLotLocationSchema = z.object({
  location_id: z.number().int(),
  on_hand_quantity: quantity.nullish(),
  committed_quantity: quantity.nullish(),
  fulfillable_quantity: quantity.nullish(),
});

/** `Inventory.Lots`: `lot_date` is the lot's expiration date (the OpenAPI: "expiration or manufacturing date"). */
export const ShipBobLotSchema = z.object({
  lot_number: z.string().nullish(),
  lot_date: z.string().nullish(),
  locations: z.array(z.unknown()).nullish(),
});

/** `Inventory.InventoryQuantityLotResponse`. */
export const ShipBobItemLotsSchema = z.object({
  inventory_id: z.number().int(),
  lots: z.array(z.unknown()).nullish(),
});

/** `Inventory.InventoryQuantityLotResponsePagedResponse`. */
export const ShipBobLotPageSchema = z.object({ items: z.array(z.unknown()).nullish() });

/** `Returns.ActionTakenDto`: what the fulfilment centre did with some of a returned item's units. */
export const ShipBobReturnActionSchema = z.object({
  action: z.string().nullish(),
  action_reason: z.string().nullish(),
  quantity_processed: quantity,
});

/** `Returns.InventoryItemDto`: one returned inventory item (`id` is the inventory id). */
export const ShipBobReturnInventorySchema = z.object({
  id: z.number().int(),
  sku: z.string().nullish(),
  quantity: quantity,
  action_taken: z.array(ShipBobReturnActionSchema).nullish(),
});

/** `Returns.PublicReturnDto`: the body of the `return.*` deliveries (the same shape `GET /{version}/return/{id}` answers). */
export const ShipBobReturnSchema = z.object({
  id: z.number().int(),
  status: z.string().nullish(),
  reference_id: z.string().nullish(),
  original_shipment_id: z.number().int().nullish(),
  store_order_id: z.string().nullish(),
  fulfillment_center: z.object({ id: z.number().int(), name: z.string().nullish() }).nullish(),
  insert_date: z.string().nullish(),
  completed_date: z.string().nullish(),
  inventory: z.array(z.unknown()).nullish(),
});
export type ShipBobReturn = z.infer<typeof ShipBobReturnSchema>;
