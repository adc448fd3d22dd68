/**
 * The headers of a signed delivery. The connector (`@stockwire/connector-vendure`) reads the same names; they are
 * written here once and copied there by value, because a connector must not import the plugin (it runs in the
 * runner, the plugin in the Vendure server).
 */
export const stockwireDeliveryHeaders = {
  /** `sha256=<hex>`: HMAC-SHA256 with the shared secret over `${timestamp}.${rawBody}`. */
  signature: 'x-stockwire-signature',
  /** Seconds since the epoch when this attempt was signed; the receiver refuses old ones (replays). */
  timestamp: 'x-stockwire-timestamp',
  /** Stable across every retry of one delivery, so the receiver drops redeliveries. */
  deliveryId: 'x-stockwire-delivery-id',
  /** The delivery's topic, e.g. `order.placed`. */
  topic: 'x-stockwire-topic',
} as const;
