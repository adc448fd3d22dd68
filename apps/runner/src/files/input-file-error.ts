import { formatLocatedIssue, type LocatedIssue } from '../yaml/located-issue.ts';

const inputFileErrorMarker = Symbol.for('stockwire.runner.input-file-error');

/**
 * A file a person wrote (configuration, positions) that cannot be used as it is: missing, not valid YAML, or
 * not what the schema expects. It lists every problem at once, so one run shows everything to fix. Never
 * retryable: only an edit to the file helps.
 */
export class InputFileError extends Error {
  readonly [inputFileErrorMarker] = true;
  readonly code: string;
  readonly retryable = false;
  readonly file: string;
  readonly issues: readonly LocatedIssue[];

  constructor(code: string, what: string, file: string, issues: readonly LocatedIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${what} ${file} has ${count}:\n${issues.map((issue) => `  ${formatLocatedIssue(issue)}`).join('\n')}`);
    this.name = 'InputFileError';
    this.code = code;
    this.file = file;
    this.issues = issues;
  }

  static isInstance(value: unknown): value is InputFileError {
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[inputFileErrorMarker] === true
    );
  }
}
