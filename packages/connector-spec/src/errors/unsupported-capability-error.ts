import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  markError,
  onConnection,
} from './connector-error.ts';

const unsupportedCapabilityErrorMarker = Symbol.for('stockwire.connector-error.unsupported-capability');

export interface UnsupportedCapabilityErrorOptions extends ConnectorErrorContext {
  /** The capability asked for, e.g. `inventory.push` or `webhooks`. */
  capability: string;
  /** The connector (system) that lacks it, e.g. `shopify`. */
  connector: string;
}

/** Something asked a connector for a capability it does not declare. Not retryable: it is a configuration error. */
export class UnsupportedCapabilityError extends ConnectorError {
  readonly capability: string;
  readonly connector: string;

  constructor(options: UnsupportedCapabilityErrorOptions) {
    super({
      ...options,
      code: 'unsupported_capability',
      retryable: false,
      message:
        `the ${options.connector} connector does not support "${options.capability}"` +
        `${onConnection(options.connection)}. Remove "${options.capability}" from the connection's configuration, ` +
        'or use a connector that declares it',
    });
    this.name = 'UnsupportedCapabilityError';
    this.capability = options.capability;
    this.connector = options.connector;
    markError(this, unsupportedCapabilityErrorMarker);
  }

  static override isInstance(value: unknown): value is UnsupportedCapabilityError {
    return hasErrorMarker(value, unsupportedCapabilityErrorMarker);
  }
}
