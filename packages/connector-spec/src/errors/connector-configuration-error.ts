import { ConnectorError, type ConnectorErrorContext, hasErrorMarker, markError } from './connector-error.ts';

const connectorConfigurationErrorMarker = Symbol.for('stockwire.connector-error.connector-configuration');

export interface ConnectorConfigurationErrorOptions extends ConnectorErrorContext {
  /** The connector kind, e.g. `shopify`: the error's code is `<connector>_configuration`. */
  connector: string;
  /** How the message names the system, e.g. `Shopify`; the connector kind when absent. */
  system?: string | undefined;
  /** What is wrong and what to change, e.g. `settings.shop: a *.myshopify.com domain`. */
  problem: string;
}

/**
 * The connection's settings or environment cannot work (an invalid setting, a missing environment variable or
 * folder, no permission). Not retryable: a human fixes the settings, then resumes the connection. One class for
 * every connector, so the runner recognises a configuration problem without knowing the connector.
 */
export class ConnectorConfigurationError extends ConnectorError {
  readonly connector: string;
  readonly problem: string;

  constructor(options: ConnectorConfigurationErrorOptions) {
    const on = options.connection === undefined ? '' : ` for connection "${options.connection}"`;
    super({
      ...options,
      code: `${options.connector}_configuration`,
      retryable: false,
      message: `the ${options.system ?? options.connector} connector cannot work${on}: ${options.problem}`,
    });
    this.name = 'ConnectorConfigurationError';
    this.connector = options.connector;
    this.problem = options.problem;
    markError(this, connectorConfigurationErrorMarker);
  }

  static override isInstance(value: unknown): value is ConnectorConfigurationError {
    return hasErrorMarker(value, connectorConfigurationErrorMarker);
  }
}
