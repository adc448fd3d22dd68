import { ConnectorError } from './errors/connector-error.ts';

/**
 * One item that could not be read, translated or written, carried beside the items that could: one bad item
 * never fails a batch. `where` says where it came from (a file and line, a payload path, a SKU).
 */
export interface ItemFailureV2 {
  readonly where: string;
  readonly error: ConnectorError;
}

/** Plain data for queues, logs and the dead-letter store. */
export interface SerializedItemFailureV2 {
  readonly where: string;
  readonly name: string;
  readonly code: string;
  readonly retryable: boolean;
  readonly message: string;
}

export function serializeItemFailure(failure: ItemFailureV2): SerializedItemFailureV2 {
  return {
    where: failure.where,
    name: failure.error.name,
    code: failure.error.code,
    retryable: failure.error.retryable,
    message: failure.error.message,
  };
}

/**
 * Runs a translation for one item and turns a connector error into an item failure. Anything that is not a
 * connector error is a bug in the connector, and is rethrown rather than hidden as bad data.
 */
export function captureItemFailure<T>(where: string, translate: () => T): { value: T } | { failure: ItemFailureV2 } {
  try {
    return { value: translate() };
  } catch (error) {
    if (ConnectorError.isInstance(error)) return { failure: { where, error } };
    throw error;
  }
}
