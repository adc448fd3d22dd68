import {
  ConnectorError,
  type ConnectorErrorContext,
  markError,
  PermanentItemError,
  TransientError,
  WebhookSignatureError,
} from '@stockwire/connector-spec';
import { z } from 'zod';

const bulkPendingMarker = Symbol.for('stockwire.connector-error.shopify-bulk-operation-pending');

/**
 * A bulk snapshot Shopify is still writing. Retryable: the connector never waits, so the runner asks again after
 * `retryAfterMs` with the same cursor.
 */
export class ShopifyBulkOperationPendingError extends ConnectorError {
  readonly retryAfterMs: number;
  readonly bulkOperation: string;

  constructor(options: ConnectorErrorContext & { bulkOperation: string; status: string; retryAfterMs: number }) {
    super({
      ...options,
      code: 'shopify_bulk_operation_pending',
      retryable: true,
      message:
        `Shopify is still running bulk operation ${options.bulkOperation} (${options.status}) for the snapshot` +
        `${options.connection === undefined ? '' : ` of connection "${options.connection}"`}; read the same cursor ` +
        `again in ${options.retryAfterMs} ms`,
    });
    this.name = 'ShopifyBulkOperationPendingError';
    this.retryAfterMs = options.retryAfterMs;
    this.bulkOperation = options.bulkOperation;
    Object.defineProperty(this, bulkPendingMarker, { value: true, enumerable: false });
  }

  static override isInstance(value: unknown): value is ShopifyBulkOperationPendingError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[bulkPendingMarker] === true
    );
  }
}

const shopMismatchMarker = Symbol.for('stockwire.connector-error.shopify-webhook-shop-mismatch');

/**
 * A correctly signed delivery from another store: `X-Shopify-Shop-Domain` is not the connection's shop. Stores of
 * one app share its API secret, so the signature alone cannot tell them apart; without this check one store's
 * levels and orders would be applied to another store's connection. A WebhookSignatureError (the runner answers
 * 401 and applies nothing), never retryable.
 */
export class ShopifyWebhookShopMismatchError extends WebhookSignatureError {
  readonly expectedShop: string;
  readonly receivedShop: string | undefined;

  constructor(options: {
    connection: string;
    topic?: string | undefined;
    expectedShop: string;
    receivedShop?: string;
  }) {
    const received =
      options.receivedShop === undefined ? 'no X-Shopify-Shop-Domain header' : `shop "${options.receivedShop}"`;
    super({
      connection: options.connection,
      topic: options.topic,
      reason: `it comes from ${received}, but connection "${options.connection}" is shop "${options.expectedShop}"`,
    });
    this.name = 'ShopifyWebhookShopMismatchError';
    this.message =
      `rejected a webhook${options.topic === undefined ? '' : ` "${options.topic}"`} for connection ` +
      `"${options.connection}": it comes from ${received}, but the connection is shop "${options.expectedShop}". ` +
      "Nothing from it was applied. Point the store's webhook subscription at its own connection's URL";
    this.expectedShop = options.expectedShop;
    this.receivedShop = options.receivedShop;
    markError(this, shopMismatchMarker);
  }

  static override isInstance(value: unknown): value is ShopifyWebhookShopMismatchError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[shopMismatchMarker] === true
    );
  }
}

/**
 * One `userErrors` entry of an Admin GraphQL mutation. Lenient: only the fields we read.
 * https://shopify.dev/docs/api/admin-graphql/latest/objects/InventorySetQuantitiesUserError
 */
export const ShopifyUserErrorSchema = z.object({
  code: z.string().nullish(),
  field: z.array(z.string()).nullish(),
  message: z.string().nullish(),
});
export type ShopifyUserError = z.infer<typeof ShopifyUserErrorSchema>;

/** The code Shopify answers when `changeFromQuantity` no longer matches the stored quantity (2026-01 and later). */
export const staleCompareCode = 'CHANGE_FROM_QUANTITY_STALE';

/** Which quantity of `input.quantities` a user error points at, from its `field` path, if any. */
export function quantityIndexOf(error: ShopifyUserError): number | undefined {
  const field = error.field ?? [];
  const at = field.indexOf('quantities');
  const index = at >= 0 ? Number(field[at + 1]) : Number.NaN;
  return Number.isInteger(index) ? index : undefined;
}

/** Shopify refused one quantity of a batch: a typed error for that item alone. */
export function shopifyItemError(options: { connection: string; item: string; error: ShopifyUserError }) {
  const code = options.error.code ?? 'unknown';
  const reason = `${options.error.message ?? 'no explanation given'} (${code})`;
  const context = { connection: options.connection, vendorBody: options.error };
  switch (code) {
    // Shopify did not apply the item this time; the same absolute value can be sent again later.
    case 'IDEMPOTENCY_CONCURRENT_REQUEST':
      return new TransientError({ ...context, target: `item ${options.item}`, reason });
    default:
      return new PermanentItemError({ ...context, item: options.item, reason });
  }
}
