import type { SchemaIssuesV2 } from '../schema.ts';
import {
  ConnectorError,
  type ConnectorErrorContext,
  hasErrorMarker,
  hasVendorBody,
  markError,
  onConnection,
} from './connector-error.ts';

const malformedPayloadErrorMarker = Symbol.for('stockwire.connector-error.malformed-payload');

export interface MalformedPayloadErrorOptions extends ConnectorErrorContext {
  /** Which payload, e.g. `the inventory_levels response of GET /inventory_levels.json` or `the orders/create webhook`. */
  what: string;
  /** Where in the payload, as a path from its root: `$.inventory_levels[3].available`. `$` for the whole payload. */
  path: string;
  /** What is wrong there, e.g. `expected a number, received "12 units"`. */
  problem: string;
}

/**
 * The vendor sent something we cannot read. Not retryable: the same payload fails the same way, so the message
 * points at the exact spot for whoever adapts the connector (or reports the vendor bug).
 */
export class MalformedPayloadError extends ConnectorError {
  readonly what: string;
  readonly path: string;
  readonly problem: string;

  constructor(options: MalformedPayloadErrorOptions) {
    super({
      ...options,
      code: 'malformed_payload',
      retryable: false,
      message:
        `${options.what}${onConnection(options.connection)} is malformed at ${options.path}: ${options.problem}. ` +
        'Retrying will not help: if the vendor changed its API, update the connector; otherwise report the ' +
        (hasVendorBody(options.vendorBody)
          ? 'payload (attached as vendorBody) to the vendor'
          : 'payload to the vendor (no copy of it is attached to this error)'),
    });
    this.name = 'MalformedPayloadError';
    this.what = options.what;
    this.path = options.path;
    this.problem = options.problem;
    markError(this, malformedPayloadErrorMarker);
  }

  /** Builds the error from a failed zod parse of a vendor payload, naming the first offending path. */
  static fromZodError(what: string, error: SchemaIssuesV2, context: ConnectorErrorContext = {}): MalformedPayloadError {
    const [first, ...others] = error.issues;
    const more = others.length === 0 ? '' : ` (and ${others.length} more problem${others.length === 1 ? '' : 's'})`;
    return new MalformedPayloadError({
      ...context,
      what,
      path: describePayloadPath(first?.path ?? []),
      problem: `${first?.message ?? 'did not match the expected shape'}${more}`,
      cause: context.cause ?? error,
    });
  }

  static override isInstance(value: unknown): value is MalformedPayloadError {
    return hasErrorMarker(value, malformedPayloadErrorMarker);
  }
}

const identifierPattern = /^[A-Za-z_$][\w$]*$/;

/** `['items', 3, 'sku']` → `$.items[3].sku`; keys that are not identifiers are quoted: `$["x-y"]`. */
export function describePayloadPath(path: readonly PropertyKey[]): string {
  let described = '$';
  for (const segment of path) {
    if (typeof segment === 'number') described += `[${segment}]`;
    else if (typeof segment === 'symbol') described += `[${segment.toString()}]`;
    else if (identifierPattern.test(segment)) described += `.${segment}`;
    else described += `[${JSON.stringify(segment)}]`;
  }
  return described;
}
