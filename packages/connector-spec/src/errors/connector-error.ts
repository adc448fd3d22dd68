import { redactSecrets } from './redact-secrets.ts';

/**
 * Marks every error of this package. `Symbol.for` returns the same symbol in every copy of the package, so a
 * runner that installed two versions side by side still recognises errors thrown by either (`instanceof` would not).
 */
const connectorErrorMarker = Symbol.for('stockwire.connector-error');

/** Vendor bodies can be megabytes of HTML; the first few kilobytes are enough to diagnose, and keep logs readable. */
const vendorBodyLimit = 4_096;

/** What every connector error may carry besides its message. */
export interface ConnectorErrorContext {
  /** The Stockwire connection (configured account) the failure belongs to. */
  connection?: string | undefined;
  /** The HTTP status (or vendor status code) the vendor answered with, when there was an answer. */
  vendorStatus?: number | undefined;
  /** The vendor's raw answer. Objects are serialised; secrets are redacted before it is stored. */
  vendorBody?: unknown;
  /** Values that must never appear in the message or the stored body (tokens, passwords, signing keys). */
  secrets?: readonly (string | undefined)[] | undefined;
  cause?: unknown;
}

export interface ConnectorErrorOptions extends ConnectorErrorContext {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * Sets a marker as a non-enumerable own property: it stays out of the public type, out of `JSON.stringify` and
 * out of deep-equality checks in tests.
 */
export function markError(error: Error, marker: symbol): void {
  Object.defineProperty(error, marker, { value: true, enumerable: false });
}

/** True when `value` carries `marker` — works across duplicated copies of this package. */
export function hasErrorMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/**
 * The base of every error a connector raises. `retryable` is what the runner reads to decide between delaying
 * the job and parking it for a human; `code` is stable and safe to match on; the message says what happened,
 * to what, and what to do.
 */
export class ConnectorError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly connection: string | undefined;
  readonly vendorStatus: number | undefined;
  /** The vendor's answer as text, secrets redacted, truncated to a few kilobytes. */
  readonly vendorBody: string | undefined;

  constructor(options: ConnectorErrorOptions) {
    const secrets = options.secrets ?? [];
    super(redactSecrets(options.message, secrets), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = options.code;
    this.retryable = options.retryable;
    this.connection = options.connection;
    this.vendorStatus = options.vendorStatus;
    this.vendorBody = describeVendorBody(options.vendorBody, secrets);
    markError(this, connectorErrorMarker);
  }

  static isInstance(value: unknown): value is ConnectorError {
    return hasErrorMarker(value, connectorErrorMarker);
  }
}

/**
 * True when an error built from `body` will carry a `vendorBody`. Messages that point the reader at the body use
 * it, so a dead letter never says a body is attached when the vendor sent none.
 */
export function hasVendorBody(body: unknown): boolean {
  return vendorBodyText(body) !== undefined;
}

function vendorBodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  let text: string | undefined;
  if (typeof body === 'string') text = body;
  else if (body instanceof Uint8Array) text = Buffer.from(body).toString('utf8');
  else {
    try {
      // JSON.stringify answers undefined for functions and symbols, whatever its type says.
      text = JSON.stringify(body) as string | undefined;
    } catch {
      text = String(body);
    }
  }
  return text === undefined || text === '' ? undefined : text;
}

function describeVendorBody(body: unknown, secrets: readonly (string | undefined)[]): string | undefined {
  const text = vendorBodyText(body);
  if (text === undefined) return undefined;
  const redacted = redactSecrets(text, secrets);
  if (redacted.length <= vendorBodyLimit) return redacted;
  return `${redacted.slice(0, vendorBodyLimit)}… (${redacted.length - vendorBodyLimit} more characters)`;
}

/** " on connection "x"" when a connection is known, so messages read naturally with or without one. */
export function onConnection(connection: string | undefined): string {
  return connection === undefined ? '' : ` on connection "${connection}"`;
}
