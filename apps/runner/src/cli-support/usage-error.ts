const usageErrorMarker = Symbol.for('stockwire.runner.usage-error');

/** An option value that parses but cannot be used (an unknown channel id, a malformed date). Exit code 2. */
export class UsageError extends Error {
  readonly [usageErrorMarker] = true;
  readonly code = 'usage';
  readonly retryable = false;

  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }

  static isInstance(value: unknown): value is UsageError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[usageErrorMarker] === true;
  }
}
