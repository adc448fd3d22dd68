import { ConnectorError, type ConnectorErrorContext, hasErrorMarker, markError } from '@stockwire/connector-spec';

const invalidFileCursorErrorMarker = Symbol.for('stockwire.connector-error.file-invalid-cursor');

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
    markError(this, invalidFileCursorErrorMarker);
  }

  static override isInstance(value: unknown): value is InvalidFileCursorError {
    return hasErrorMarker(value, invalidFileCursorErrorMarker);
  }
}
