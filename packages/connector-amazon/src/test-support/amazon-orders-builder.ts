/**
 * An order shaped as searchOrders returns it (orders_2026-01-01.json `Order`): the required fields plus what the
 * connector reads. Enough to validate against the official model in the contract test.
 */
export function amazonOrder(options: {
  orderId: string;
  lastUpdatedTime: string;
  marketplaceId: string;
  status: string;
  fulfilledBy?: 'MERCHANT' | 'AMAZON';
  items: readonly { orderItemId: string; sellerSku: string; quantityOrdered: number }[];
}) {
  return {
    orderId: options.orderId,
    createdTime: '2026-11-24T08:00:00Z',
    lastUpdatedTime: options.lastUpdatedTime,
    salesChannel: { channelName: 'AMAZON', marketplaceId: options.marketplaceId, marketplaceName: 'Amazon.com' },
    fulfillment: { fulfillmentStatus: options.status, fulfilledBy: options.fulfilledBy ?? 'MERCHANT' },
    orderItems: options.items.map((item) => ({
      orderItemId: item.orderItemId,
      quantityOrdered: item.quantityOrdered,
      product: { asin: 'B071VG5N9D', title: 'Hardside Carry-On Spinner Suitcase', sellerSku: item.sellerSku },
    })),
  };
}
