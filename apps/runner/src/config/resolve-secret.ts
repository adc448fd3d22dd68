import type { SecretSetting } from './secret-references.ts';

const missingSecretErrorMarker = Symbol.for('stockwire.runner.missing-secret-error');

/** A secret the configuration refers to is not in the environment. Not retryable: someone has to set it. */
export class MissingSecretError extends Error {
  readonly [missingSecretErrorMarker] = true;
  readonly code = 'missing_secret';
  readonly retryable = false;
  readonly settingPath: string;
  readonly variable: string;

  constructor(settingPath: string, variable: string, empty: boolean) {
    super(
      `${settingPath} reads its value from the environment variable ${variable}, which is ${empty ? 'set but empty' : 'not set'}; ` +
        `set ${variable} in the environment Stockwire runs in (the value itself never goes into the configuration file)`,
    );
    this.name = 'MissingSecretError';
    this.settingPath = settingPath;
    this.variable = variable;
  }

  static isInstance(value: unknown): value is MissingSecretError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[missingSecretErrorMarker] === true
    );
  }
}

/**
 * The value of a secret setting, read when a connector starts, never when configuration loads: `check` and
 * `preview` must work on a laptop that holds no production secrets.
 */
export function resolveSecret(
  reference: Pick<SecretSetting, 'env' | 'settingPath'>,
  environment: Readonly<Record<string, string | undefined>>,
): string {
  const value = environment[reference.env];
  if (value === undefined || value === '') {
    throw new MissingSecretError(reference.settingPath, reference.env, value === '');
  }
  return value;
}
