import { randomUUID } from 'node:crypto';

/**
 * SP-API notifications as Amazon delivers them to SQS (the message body is the notification JSON), with every
 * field the schemas in selling-partner-api-models/schemas/notifications require: OrderChangeNotification.json and
 * FBAInventoryAvailabilityChangeNotification.json.
 */
function envelope(notificationType: string, eventTime: string, payload: unknown): Record<string, unknown> {
  return {
    NotificationVersion: '1.0',
    NotificationType: notificationType,
    PayloadVersion: '1.0',
    EventTime: eventTime,
    Payload: payload,
    NotificationMetadata: {
      ApplicationId: 'amzn1.sellerapps.app.stockwire-sandbox',
      SubscriptionId: `subscription-${notificationType.toLowerCase()}`,
      PublishTime: eventTime,
      NotificationId: randomUUID(),
    },
  };
}

export interface OrderChangeOptions {
  readonly sellerId: string;
  readonly orderId: string;
  readonly marketplaceId: string;
  readonly orderStatus: 'Pending' | 'Unshipped' | 'PartiallyShipped' | 'Shipped' | 'Canceled';
  readonly fulfillmentType?: 'MFN' | 'AFN';
  readonly items: readonly { readonly orderItemId: string; readonly sellerSku: string; readonly quantity: number }[];
  readonly eventTime?: string;
}

/** An ORDER_CHANGE (OrderStatusChange, order-item level) for a merchant-fulfilled order by default. */
export function orderChangeNotification(options: OrderChangeOptions): Record<string, unknown> {
  const eventTime = options.eventTime ?? new Date().toISOString();
  return envelope('ORDER_CHANGE', eventTime, {
    OrderChangeNotification: {
      NotificationLevel: 'OrderItemLevel',
      SellerId: options.sellerId,
      AmazonOrderId: options.orderId,
      OrderChangeType: 'OrderStatusChange',
      OrderChangeTrigger: { TimeOfOrderChange: eventTime, ChangeReason: 'Order status changed' },
      Summary: {
        MarketplaceId: options.marketplaceId,
        OrderStatus: options.orderStatus,
        PurchaseDate: eventTime,
        DestinationPostalCode: '98101',
        FulfillmentType: options.fulfillmentType ?? 'MFN',
        OrderType: 'StandardOrder',
        OrderItems: options.items.map((item) => ({
          OrderItemId: item.orderItemId,
          SellerSKU: item.sellerSku,
          SupplySourceId: null,
          OrderItemStatus: options.orderStatus === 'Shipped' ? 'Shipped' : 'Unshipped',
          Quantity: item.quantity,
          QuantityShipped: options.orderStatus === 'Shipped' ? item.quantity : 0,
        })),
      },
    },
  });
}

export interface FbaAvailabilityOptions {
  readonly sellerId: string;
  readonly sku: string;
  readonly marketplaceId: string;
  readonly fulfillable: number;
  readonly pendingCustomerOrder?: number;
  readonly unfulfillable?: number;
  readonly inboundShipped?: number;
  readonly eventTime?: string;
}

/** A FBA_INVENTORY_AVAILABILITY_CHANGES for one SKU in one marketplace. */
export function fbaAvailabilityNotification(options: FbaAvailabilityOptions): Record<string, unknown> {
  return envelope('FBA_INVENTORY_AVAILABILITY_CHANGES', options.eventTime ?? new Date().toISOString(), {
    SellerId: options.sellerId,
    FNSKU: `X00${options.sku
      .replaceAll(/[^A-Z0-9]/gi, '')
      .slice(0, 7)
      .toUpperCase()}`,
    ASIN: 'B00SANDBOX1',
    SKU: options.sku,
    FulfillmentInventoryByMarketplace: [
      {
        MarketplaceId: options.marketplaceId,
        ItemName: `Sandbox item ${options.sku}`,
        FulfillmentInventory: {
          InboundQuantityBreakdown: { Working: 0, Shipped: options.inboundShipped ?? 0, Receiving: 0 },
          Fulfillable: options.fulfillable,
          Unfulfillable: options.unfulfillable ?? 0,
          Researching: 0,
          ReservedQuantityBreakdown: {
            WarehouseProcessing: 0,
            WarehouseTransfer: 0,
            PendingCustomerOrder: options.pendingCustomerOrder ?? 0,
          },
          FutureSupplyBuyable: 0,
          PendingCustomerOrderInTransit: 0,
        },
        Stores: [],
      },
    ],
  });
}
