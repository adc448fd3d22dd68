import { ConnectorError, type ConnectorErrorContext, hasErrorMarker, markError } from './connector-error.ts';

const unmappedSkuErrorMarker = Symbol.for('stockwire.connector-error.unmapped-sku');

export interface UnmappedSkuErrorOptions extends Omit<ConnectorErrorContext, 'connection'> {
  /** The SKU exactly as the vendor sent it. */
  externalSku: string;
  connection: string;
}

/** The vendor sent a SKU no alias maps to our catalog. We never guess a match, so a human adds the alias. */
export class UnmappedSkuError extends ConnectorError {
  readonly externalSku: string;
  declare readonly connection: string;

  constructor(options: UnmappedSkuErrorOptions) {
    super({
      ...options,
      code: 'unmapped_sku',
      retryable: false,
      message:
        `connection "${options.connection}" sent SKU "${options.externalSku}", which matches no SKU or alias; ` +
        `add it under skus[].aliases with connection "${options.connection}" in the configuration, then sync again`,
    });
    this.name = 'UnmappedSkuError';
    this.externalSku = options.externalSku;
    markError(this, unmappedSkuErrorMarker);
  }

  static override isInstance(value: unknown): value is UnmappedSkuError {
    return hasErrorMarker(value, unmappedSkuErrorMarker);
  }
}
