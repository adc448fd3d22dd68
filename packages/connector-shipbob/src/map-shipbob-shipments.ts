import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent } from '@stockwire/model';
import { type ShipBobShipment, ShipBobShipmentProductSchema } from './shipbob-payloads.ts';
import { canonicalSkuOf } from './shipbob-sku.ts';

export interface ShipmentMappingContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  /** When the delivery arrived: the fallback time when the shipment carries none. */
  readonly receivedAt: string;
}

/**
 * A shipped ShipBob shipment as one `shipment` event per inventory item it took from its fulfilment centre.
 * A product with one inventory item is named by the product's SKU; a bundle's components only by their inventory
 * ids (ShipBob keeps stock per component; bundles are kits on our side). Keys are the shipment and inventory ids,
 * so a redelivered or re-polled shipment never ships twice.
 */
export function shipmentEvents(shipment: ShipBobShipment, context: ShipmentMappingContext) {
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  const occurredAt = shipment.actual_fulfillment_date ?? shipment.last_update_at ?? context.receivedAt;
  const centre = shipment.location?.id;
  if (centre === undefined) {
    const error = new MalformedPayloadError({
      what: `ShipBob shipment ${shipment.id}`,
      path: '$.location.id',
      problem: 'no fulfillment center is named, so the shipment has no location',
      connection: context.connection,
      vendorBody: shipment,
    });
    return { events, failures: [{ where: `shipment ${shipment.id}`, error }] };
  }
  (shipment.products ?? []).forEach((candidate, index) => {
    const where = `shipment ${shipment.id} products[${index}]`;
    const product = ShipBobShipmentProductSchema.safeParse(candidate);
    if (!product.success) {
      const error = MalformedPayloadError.fromZodError(`ShipBob ${where}`, product.error, {
        connection: context.connection,
        vendorBody: candidate,
      });
      failures.push({ where, error });
      return;
    }
    const inventoryItems = product.data.inventory_items ?? [];
    for (const inventory of inventoryItems) {
      if (inventory.quantity <= 0) continue;
      const productSku = inventoryItems.length === 1 ? product.data.sku : undefined;
      const mapped = captureItemFailure(`${where} inventory ${inventory.id}`, () => {
        const sku = canonicalSkuOf(context.mapping, productSku, inventory.id);
        const event: InventoryEvent = {
          kind: 'shipment',
          idempotencyKey: `shipbob:shipment:${shipment.id}:${inventory.id}`,
          source: context.connection,
          occurredAt,
          sku,
          location: context.mapping.toCanonicalLocation(String(centre)),
          quantity: inventory.quantity * context.mapping.unitsPer(sku),
          raw: { shipment: shipment.id, order: shipment.order_id, reference: shipment.reference_id, inventory },
        };
        return event;
      });
      if ('value' in mapped) events.push(mapped.value);
      else failures.push(mapped.failure);
    }
  });
  return { events, failures };
}
