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

const invalidFileRowErrorMarker = Symbol.for('stockwire.connector-error.file-invalid-row');

export interface InvalidFileRowErrorOptions extends ConnectorErrorContext {
  /** The file as the connection's tree names it: `inbox/adjust-2026-11-27.csv`. */
  file: string;
  line: number;
  /** Every problem of the line, e.g. `on_hand "x" is not a whole number`. */
  problems: readonly string[];
}

/**
 * One line of an inbox file that is not a usable row: `inbox/snapshot.csv line 17: on_hand "x" is not a whole
 * number`. An item failure of that line alone (the rest of the file is applied); not retryable, the same line
 * fails the same way until the sender fixes it.
 */
export class InvalidFileRowError extends ConnectorError {
  readonly file: string;
  readonly line: number;
  readonly problems: readonly string[];

  constructor(options: InvalidFileRowErrorOptions) {
    super({
      ...options,
      code: 'invalid_row',
      retryable: false,
      message:
        `${options.file} line ${options.line}: ${options.problems.join('; ')}. The other rows of the file were ` +
        'read; send this row again, corrected, in a new file',
    });
    this.name = 'InvalidFileRowError';
    this.file = options.file;
    this.line = options.line;
    this.problems = options.problems;
    markError(this, invalidFileRowErrorMarker);
  }

  static override isInstance(value: unknown): value is InvalidFileRowError {
    return hasErrorMarker(value, invalidFileRowErrorMarker);
  }
}

const snapshotFileChangedErrorMarker = Symbol.for('stockwire.connector-error.file-snapshot-changed');

export interface SnapshotFileChangedErrorOptions extends ConnectorErrorContext {
  file: string;
  /** What was read at the first page and what is there now, e.g. `12840 bytes modified 2026-12-06T10:00:00.000Z`. */
  before: string;
  now: string;
}

/**
 * The snapshot file was rewritten while its pages were being read: the pages already returned and the ones to come
 * would mix two versions, so paging stops. Retryable: the runner retries the job, whose stored cursor no longer
 * matches the file (InvalidFileCursorError), so it reads the new version from its first page.
 */
export class SnapshotFileChangedError extends ConnectorError {
  readonly file: string;

  constructor(options: SnapshotFileChangedErrorOptions) {
    const on = options.connection === undefined ? '' : ` of connection "${options.connection}"`;
    super({
      ...options,
      code: 'snapshot_file_changed',
      retryable: true,
      message:
        `the snapshot file ${options.file}${on} changed while it was being read (${options.before} when paging ` +
        `started, ${options.now} now); read the snapshot again from its first page. Senders should write under a ` +
        'temporary name and rename when done',
    });
    this.name = 'SnapshotFileChangedError';
    this.file = options.file;
    markError(this, snapshotFileChangedErrorMarker);
  }

  static override isInstance(value: unknown): value is SnapshotFileChangedError {
    return hasErrorMarker(value, snapshotFileChangedErrorMarker);
  }
}
