import { InputFileError } from '../files/input-file-error.ts';
import type { LocatedIssue } from '../yaml/located-issue.ts';

const configurationErrorMarker = Symbol.for('stockwire.runner.configuration-error');

/** The configuration file is missing, is not valid YAML, or does not describe a valid Stockwire setup. */
export class ConfigurationError extends InputFileError {
  readonly [configurationErrorMarker] = true;

  constructor(file: string, issues: readonly LocatedIssue[]) {
    super('invalid_configuration', 'Configuration', file, issues);
    this.name = 'ConfigurationError';
  }

  static override isInstance(value: unknown): value is ConfigurationError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[configurationErrorMarker] === true
    );
  }
}
