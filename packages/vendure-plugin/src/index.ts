export { stockwireDeliveryHeaders } from './delivery-headers.ts';
