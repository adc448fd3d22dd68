import { z } from 'zod';

/**
 * The three order webhooks, as Square posts them (snake_case). They announce an order's new version and state
 * but carry no line items, so the connector reads the order itself. Lenient: only the fields it uses.
 * https://developer.squareup.com/reference/square/orders-api/webhooks/order.updated
 */
const orderNoticeSchema = z.object({
  order_id: z.string().min(1),
  version: z.number().int().nullish(),
  location_id: z.string().nullish(),
  state: z.string().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type SquareOrderNotice = z.infer<typeof orderNoticeSchema>;

export const squareOrderTopics = ['order.created', 'order.updated', 'order.fulfillment.updated'] as const;
export type SquareOrderTopic = (typeof squareOrderTopics)[number];

export const SquareOrderWebhookSchema = z
  .object({
    type: z.enum(squareOrderTopics),
    event_id: z.string().min(1),
    created_at: z.string().nullish(),
    data: z.object({
      id: z.string().nullish(),
      object: z.object({
        order_created: orderNoticeSchema.nullish(),
        order_updated: orderNoticeSchema.nullish(),
        order_fulfillment_updated: orderNoticeSchema.nullish(),
      }),
    }),
  })
  .transform((event, context) => {
    const { order_created, order_updated, order_fulfillment_updated } = event.data.object;
    const notice = order_created ?? order_updated ?? order_fulfillment_updated;
    if (notice === null || notice === undefined) {
      context.addIssue({
        code: 'custom',
        message: 'expected data.object.order_created, order_updated or order_fulfillment_updated',
        path: ['data', 'object'],
      });
      return z.NEVER;
    }
    return { type: event.type, eventId: event.event_id, createdAt: event.created_at ?? undefined, notice };
  });

/**
 * An Order from BatchRetrieveOrders, as the SDK hands it over (camelCase, unvalidated).
 * https://developer.squareup.com/reference/square/objects/Order
 */
export const SquareOrderSchema = z.object({
  id: z.string().min(1),
  locationId: z.string().min(1),
  state: z.string().nullish(),
  version: z.number().int().nullish(),
  createdAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
  closedAt: z.string().nullish(),
  /** Payments toward the order; with nothing left due, Square has taken the units off its shelf (SOLD). */
  tenders: z.array(z.object({ id: z.string().nullish(), createdAt: z.string().nullish() })).nullish(),
  netAmountDueMoney: z.object({ amount: z.union([z.bigint(), z.number(), z.string()]).nullish() }).nullish(),
  lineItems: z
    .array(
      z.object({
        uid: z.string().nullish(),
        catalogObjectId: z.string().nullish(),
        itemType: z.string().nullish(),
        quantity: z.string(),
      }),
    )
    .nullish(),
  fulfillments: z
    .array(
      z.object({
        uid: z.string().nullish(),
        type: z.string().nullish(),
        state: z.string().nullish(),
        lineItemApplication: z.string().nullish(),
        entries: z.array(z.object({ lineItemUid: z.string(), quantity: z.string() })).nullish(),
        pickupDetails: z
          .object({
            pickedUpAt: z.string().nullish(),
            canceledAt: z.string().nullish(),
            expiredAt: z.string().nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
});
export type SquareOrder = z.infer<typeof SquareOrderSchema>;
