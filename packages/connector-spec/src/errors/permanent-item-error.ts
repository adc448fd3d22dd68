import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';

const permanentItemErrorMarker = Symbol.for('stockwire.connector-error.permanent-item');

export interface PermanentItemErrorOptions extends ConnectorErrorContext {
  /** The item the vendor refused: a SKU, an order number, a listing id — whatever names it for a human. */
  item: string;
  /** Why, in the vendor's words where possible. */
  reason: string;
}

/**
 * The vendor refused one item for a reason retrying cannot fix (deleted listing, invalid field). Not retryable,
 * and it affects only that item: the rest of the batch carries on.
 */
export class PermanentItemError extends ConnectorError {
  readonly item: string;

  constructor(options: PermanentItemErrorOptions) {
    super({
      ...options,
      code: 'permanent_item',
      retryable: false,
      message:
        `the vendor rejected item "${options.item}"${onConnection(options.connection)}: ${options.reason}. ` +
        "Retrying will not help: fix the item's data or mapping, then sync it again",
    });
    this.name = 'PermanentItemError';
    this.item = options.item;
    markError(this, permanentItemErrorMarker);
  }

  static override isInstance(value: unknown): value is PermanentItemError {
    return hasErrorMarker(value, permanentItemErrorMarker);
  }
}
