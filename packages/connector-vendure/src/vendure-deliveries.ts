import { z } from 'zod';

/**
 * The deliveries `@stockwire/vendure-plugin` posts, read leniently (only the fields we use). The header names and
 * the body shape are the plugin's; they are repeated here by value because a connector never imports the plugin
 * (it runs inside Vendure), and the connector's tests run the plugin in a real Vendure server to keep them equal.
 */
export const vendureDeliveryHeaders = {
  signature: 'x-stockwire-signature',
  timestamp: 'x-stockwire-timestamp',
  deliveryId: 'x-stockwire-delivery-id',
  topic: 'x-stockwire-topic',
} as const;

export const vendureWebhookTopics = ['order.placed', 'order.cancelled', 'order.fulfilled', 'stock.movement'] as const;

const Id = z.union([z.string().min(1), z.number()]).transform(String);

export const DeliveryOrderSchema = z.object({
  id: Id,
  code: z.string().min(1),
  state: z.string().nullish(),
  placedAt: z.iso.datetime({ offset: true }).nullish(),
  lines: z.array(z.object({ id: Id, sku: z.string(), quantity: z.int().min(0) })),
});

export const DeliveryMovementSchema = z.object({
  id: Id,
  type: z.string(),
  sku: z.string(),
  stockLocationId: Id,
  quantity: z.int(),
  stockOnHand: z.int(),
  stockAllocated: z.int(),
  createdAt: z.string(),
  levelReadAt: z.string().nullish(),
});

export const DeliverySchema = z.object({
  id: z.string().min(1),
  topic: z.enum(vendureWebhookTopics),
  occurredAt: z.iso.datetime({ offset: true }),
  channel: z.string().nullish(),
  order: DeliveryOrderSchema.nullish(),
  movements: z.array(z.unknown()).nullish(),
});
export type VendureDelivery = z.infer<typeof DeliverySchema>;
