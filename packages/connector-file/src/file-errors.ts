import { ConnectorError, type ConnectorErrorContext } from '@stockwire/connector-kit';

const fileConfigurationErrorMarker = Symbol.for('stockwire.connector-error.file-configuration');
const invalidFileCursorErrorMarker = Symbol.for('stockwire.connector-error.file-invalid-cursor');

function mark(error: Error, marker: symbol): void {
  Object.defineProperty(error, marker, { value: true, enumerable: false });
}

function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

export interface FileConfigurationErrorOptions extends ConnectorErrorContext {
  /** What is wrong and what to change, e.g. `transport.path /data/wms does not exist; create it or fix the path`. */
  problem: string;
}

/**
 * The connection's settings or environment cannot work (a missing folder or environment variable, no permission,
 * a host key that does not match). Not retryable: a human changes the settings, then resumes the connection.
 */
export class FileConfigurationError extends ConnectorError {
  constructor(options: FileConfigurationErrorOptions) {
    const on = options.connection === undefined ? '' : ` for connection "${options.connection}"`;
    super({
      ...options,
      code: 'file_configuration',
      retryable: false,
      message: `the file connector cannot work${on}: ${options.problem}`,
    });
    this.name = 'FileConfigurationError';
    mark(this, fileConfigurationErrorMarker);
  }

  static override isInstance(value: unknown): value is FileConfigurationError {
    return hasMarker(value, fileConfigurationErrorMarker);
  }
}

export interface InvalidFileCursorErrorOptions extends ConnectorErrorContext {
  /** Why the stored cursor cannot be used. */
  problem: string;
}

/**
 * A stored cursor that is not one of ours, or points at a file that is gone. Not retryable: starting over silently
 * could re-read or skip files, so a human decides (clear the stored cursor to read the inbox from the start).
 */
export class InvalidFileCursorError extends ConnectorError {
  constructor(options: InvalidFileCursorErrorOptions) {
    const on = options.connection === undefined ? '' : ` of connection "${options.connection}"`;
    super({
      ...options,
      code: 'invalid_cursor',
      retryable: false,
      message: `the stored cursor${on} cannot be used: ${options.problem}`,
    });
    this.name = 'InvalidFileCursorError';
    mark(this, invalidFileCursorErrorMarker);
  }

  static override isInstance(value: unknown): value is InvalidFileCursorError {
    return hasMarker(value, invalidFileCursorErrorMarker);
  }
}
