import { MalformedPayloadError } from '@stockwire/connector-spec';
import { z } from 'zod';
import { orderLinesCost, orderLinesDocument } from './shopify-documents.ts';
import type { ShopifyGraphql } from './shopify-graphql.ts';
import type { ShopifyOrderLines, ShopifyOrderLinesLookup } from './shopify-order-edits.ts';
import { shopifyMaxPageSize } from './shopify-rate-limits.ts';

const OrderLinesAnswer = z.object({
  order: z
    .object({
      retailLocation: z.object({ id: z.string() }).nullish(),
      lineItems: z.object({
        nodes: z.array(z.object({ id: z.string(), sku: z.string().nullish(), currentQuantity: z.number().int() })),
      }),
    })
    .nullish(),
});

/** Reads an order's lines now (Admin GraphQL `order`), keyed by the numeric line id the REST webhooks use. */
export function createShopifyOrderLines(graphql: ShopifyGraphql, connection: string): ShopifyOrderLinesLookup {
  return async (orderGlobalId) => {
    const data = await graphql.request({
      operation: 'OrderLines',
      document: orderLinesDocument,
      variables: { id: orderGlobalId, first: shopifyMaxPageSize },
      estimatedCost: orderLinesCost(shopifyMaxPageSize),
    });
    const parsed = OrderLinesAnswer.safeParse(data);
    if (!parsed.success) {
      throw MalformedPayloadError.fromZodError(`the OrderLines answer for ${orderGlobalId}`, parsed.error, {
        connection,
        vendorBody: data,
      });
    }
    const order = parsed.data.order;
    if (order === null || order === undefined) return undefined;
    const lines: ShopifyOrderLines['lines'] = new Map(
      order.lineItems.nodes.map((line) => [
        line.id.replace(/^gid:\/\/shopify\/LineItem\//, ''),
        { sku: line.sku ?? null, currentQuantity: line.currentQuantity },
      ]),
    );
    return { locationId: order.retailLocation?.id ?? null, lines };
  };
}
