import { ConnectorError, type ConnectorErrorContext, hasErrorMarker, markError } from './connector-error.ts';

const unmappedLocationErrorMarker = Symbol.for('stockwire.connector-error.unmapped-location');

export interface UnmappedLocationErrorOptions extends Omit<ConnectorErrorContext, 'connection'> {
  /** The location id exactly as the vendor sent it. */
  externalLocation: string;
  connection: string;
}

/** The vendor sent a location the connection's location mapping does not know. We never guess a match. */
export class UnmappedLocationError extends ConnectorError {
  readonly externalLocation: string;
  declare readonly connection: string;

  constructor(options: UnmappedLocationErrorOptions) {
    super({
      ...options,
      code: 'unmapped_location',
      retryable: false,
      message:
        `connection "${options.connection}" sent location "${options.externalLocation}", which is not mapped; ` +
        `add it under connections.${options.connection}.locations in the configuration, then sync again`,
    });
    this.name = 'UnmappedLocationError';
    this.externalLocation = options.externalLocation;
    markError(this, unmappedLocationErrorMarker);
  }

  static override isInstance(value: unknown): value is UnmappedLocationError {
    return hasErrorMarker(value, unmappedLocationErrorMarker);
  }
}
