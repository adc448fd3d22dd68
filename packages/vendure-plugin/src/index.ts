export { stockwireDeliveryHeaders } from './delivery-headers.ts';
export { DeliveryOutbox, type DeliveryOutboxOptions, type DeliveryOutboxStatistics } from './delivery-outbox.ts';
export {
  orderTransitionTopic,
  type StockwireDelivery,
  type StockwireDeliveryTopic,
  type StockwireMovementPayload,
  type StockwireOrderLine,
  type StockwireOrderPayload,
  stockwireDeliveryTopics,
} from './delivery-payloads.ts';
export { deliveryHeaders, signStockwireDelivery } from './delivery-signing.ts';
export { StockwirePlugin, type StockwirePluginOptions, type StockwireTarget } from './stockwire-plugin.ts';
