import type { ConnectionMappingV2, ItemFailureV2 } from '@stockwire/connector-spec';
import { captureItemFailure, MalformedPayloadError } from '@stockwire/connector-spec';
import type { InventoryEvent, returnDispositions } from '@stockwire/model';
import { type ShipBobReturn, ShipBobReturnInventorySchema } from './shipbob-payloads.ts';
import { canonicalSkuOf } from './shipbob-sku.ts';

export interface ReturnMappingContext {
  readonly connection: string;
  readonly mapping: ConnectionMappingV2;
  /** When the delivery arrived: the fallback time when the return carries no completion date. */
  readonly receivedAt: string;
}

type Disposition = (typeof returnDispositions)[number];

/** ShipBob's `Returns.ReturnAction` values that say where processed units went. */
const dispositionOf: Readonly<Record<string, Disposition>> = {
  Restock: 'restock',
  Quarantine: 'quarantine',
  Dispose: 'dispose',
};

/**
 * A completed ShipBob return as one `return-received` event per inventory item and disposition, at the return's
 * fulfilment centre. The units are those of the item's `action_taken` (restocked, quarantined or disposed), summed
 * per action. Keys are the return, inventory id and disposition, so a redelivered return never restocks twice.
 */
export function returnEvents(shipBobReturn: ShipBobReturn, context: ReturnMappingContext) {
  const events: InventoryEvent[] = [];
  const failures: ItemFailureV2[] = [];
  const occurredAt = shipBobReturn.completed_date ?? shipBobReturn.insert_date ?? context.receivedAt;
  const centre = shipBobReturn.fulfillment_center?.id;
  if (centre === undefined) {
    const error = new MalformedPayloadError({
      what: `ShipBob return ${shipBobReturn.id}`,
      path: '$.fulfillment_center.id',
      problem: 'no fulfillment center is named, so the returned units have no location',
      connection: context.connection,
      vendorBody: shipBobReturn,
    });
    return { events, failures: [{ where: `return ${shipBobReturn.id}`, error }] };
  }
  (shipBobReturn.inventory ?? []).forEach((candidate, index) => {
    const where = `return ${shipBobReturn.id} inventory[${index}]`;
    const item = ShipBobReturnInventorySchema.safeParse(candidate);
    if (!item.success) {
      failures.push({
        where,
        error: MalformedPayloadError.fromZodError(`ShipBob ${where}`, item.error, {
          connection: context.connection,
          vendorBody: candidate,
        }),
      });
      return;
    }
    const processed = new Map<Disposition, number>();
    for (const [actionIndex, action] of (item.data.action_taken ?? []).entries()) {
      if (action.quantity_processed <= 0) continue;
      const disposition = dispositionOf[action.action ?? ''];
      if (disposition === undefined) {
        // `Default` (or a new action) does not say whether the units came back to stock; guessing could sell
        // units that were thrown away, so the line is reported and the next level poll corrects the count.
        failures.push({
          where: `${where} action_taken[${actionIndex}]`,
          error: new MalformedPayloadError({
            what: `ShipBob ${where}`,
            path: `$.inventory[${index}].action_taken[${actionIndex}].action`,
            problem: `the action "${action.action ?? ''}" does not say whether the units were restocked, quarantined or disposed`,
            connection: context.connection,
            vendorBody: candidate,
          }),
        });
        continue;
      }
      processed.set(disposition, (processed.get(disposition) ?? 0) + action.quantity_processed);
    }
    for (const [disposition, units] of processed) {
      const mapped = captureItemFailure(`${where} inventory ${item.data.id}`, () => {
        const sku = canonicalSkuOf(context.mapping, item.data.sku, item.data.id);
        const event: InventoryEvent = {
          kind: 'return-received',
          idempotencyKey: `shipbob:return:${shipBobReturn.id}:${item.data.id}:${disposition}`,
          source: context.connection,
          occurredAt,
          sku,
          location: context.mapping.toCanonicalLocation(String(centre)),
          quantity: units * context.mapping.unitsPer(sku),
          disposition,
          raw: {
            return: shipBobReturn.id,
            reference: shipBobReturn.reference_id,
            originalShipment: shipBobReturn.original_shipment_id,
            inventory: item.data,
          },
        };
        return event;
      });
      if ('value' in mapped) events.push(mapped.value);
      else failures.push(mapped.failure);
    }
  });
  return { events, failures };
}
