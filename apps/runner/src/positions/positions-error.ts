import { InputFileError } from '../files/input-file-error.ts';
import type { LocatedIssue } from '../yaml/located-issue.ts';

const positionsErrorMarker = Symbol.for('stockwire.runner.positions-error');

/** The positions file is missing, is not valid YAML/JSON, or names SKUs or locations the configuration lacks. */
export class PositionsError extends InputFileError {
  readonly [positionsErrorMarker] = true;

  constructor(file: string, issues: readonly LocatedIssue[]) {
    super('invalid_positions', 'Positions file', file, issues);
    this.name = 'PositionsError';
  }

  static override isInstance(value: unknown): value is PositionsError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[positionsErrorMarker] === true
    );
  }
}
