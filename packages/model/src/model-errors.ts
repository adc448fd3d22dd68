/**
 * Errors raised by the model's pure functions. Each has a stable `name` and `code`, and a marker so other
 * packages recognise them even when two copies of this package are installed.
 */
const modelErrorMarker = Symbol.for('stockwire.model-error');

export class ModelError extends Error {
  readonly code: string;
  readonly [modelErrorMarker] = true;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ModelError';
    this.code = code;
  }

  static isInstance(value: unknown): value is ModelError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[modelErrorMarker] === true;
  }
}

/** An external SKU that no alias maps to the connection's catalog. We never guess. */
export class UnknownAliasError extends ModelError {
  readonly connection: string;
  readonly externalSku: string;

  constructor(connection: string, externalSku: string) {
    super(
      'unknown_alias',
      `connection "${connection}" sent SKU "${externalSku}", which matches no SKU or alias; ` +
        `add it under skus[].aliases with connection "${connection}" in the configuration`,
    );
    this.name = 'UnknownAliasError';
    this.connection = connection;
    this.externalSku = externalSku;
  }
}

/** An external location id that the connection's location mapping does not know. */
export class UnknownLocationError extends ModelError {
  readonly connection: string;
  readonly externalLocation: string;

  constructor(connection: string, externalLocation: string) {
    super(
      'unknown_location',
      `connection "${connection}" sent location "${externalLocation}", which is not mapped; ` +
        `add it under connections.${connection}.locations in the configuration`,
    );
    this.name = 'UnknownLocationError';
    this.connection = connection;
    this.externalLocation = externalLocation;
  }
}

/** A canonical id that the catalog does not define (a typo in a kit, a channel or a positions file). */
export class UnknownReferenceError extends ModelError {
  constructor(kind: 'sku' | 'location' | 'channel' | 'connection', id: string, where: string) {
    super('unknown_reference', `${where} refers to ${kind} "${id}", which is not defined`);
    this.name = 'UnknownReferenceError';
  }
}
