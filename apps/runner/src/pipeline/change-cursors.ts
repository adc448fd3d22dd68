import type { PipelineConnection } from '../jobs/connection.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';

const invalidCursorErrorMarker = Symbol.for('stockwire.runner.invalid-stored-cursor');

/**
 * The stored cursor is not one the connector accepts (a connector upgrade changed its shape, or someone edited it).
 * Not retryable: starting over silently could skip or re-read changes, so a human decides.
 */
export class InvalidStoredCursorError extends Error {
  readonly [invalidCursorErrorMarker] = true;
  readonly retryable = false;

  constructor(connection: string, key: string, problem: string) {
    super(
      `the stored change cursor of connection "${connection}" is not valid for its connector: ${problem}. Polling ` +
        `stopped for this connection. To read from the start again, delete the Redis key ${key} and replay`,
    );
    this.name = 'InvalidStoredCursorError';
  }

  static isInstance(value: unknown): value is InvalidStoredCursorError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[invalidCursorErrorMarker] === true
    );
  }
}

/** The cursor of the last poll whose events were safely enqueued; undefined the first time. */
export async function loadCursor(
  context: PipelineContext,
  runtime: PipelineConnection,
  stream: 'changes' | 'orders' = 'changes',
): Promise<unknown> {
  const key = context.keys.cursor(runtime.name, stream);
  const stored = await context.redis.get(key);
  if (stored === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    throw new InvalidStoredCursorError(runtime.name, key, 'it is not JSON');
  }
  // Each stream validates with its own capability's schema: a changes cursor is never read as an orders one.
  const schema = runtime.connector[stream]?.cursorSchema;
  if (schema === undefined) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidStoredCursorError(runtime.name, key, parsed.error.issues[0]?.message ?? 'it does not match');
  }
  return parsed.data;
}

export async function storeCursor(
  context: PipelineContext,
  connection: string,
  cursor: unknown,
  stream: 'changes' | 'orders' = 'changes',
): Promise<void> {
  await context.redis.set(context.keys.cursor(connection, stream), JSON.stringify(cursor));
}
