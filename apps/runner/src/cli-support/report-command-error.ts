import { AlertSettingsError } from '../alerts/configured-alerts.ts';
import { MissingSecretError } from '../config/resolve-secret.ts';
import { InputFileError } from '../files/input-file-error.ts';
import { TracingSettingError } from '../observability/tracing-settings.ts';
import { ConnectorStartError } from '../runtime/connection-runtimes.ts';
import { RedisUnavailableError } from '../runtime/redis-connections.ts';
import { type CliIo, type ExitCode, exitCodes } from './cli-io.ts';
import { UnavailableError } from './redis-url.ts';
import { UsageError } from './usage-error.ts';

/**
 * Prints an expected failure and returns its exit code. Anything else is a bug in Stockwire, rethrown so its
 * stack trace reaches whoever reports it.
 */
export function reportCommandError(error: unknown, io: CliIo, command: string): ExitCode {
  if (InputFileError.isInstance(error)) {
    io.stderr(`${error.message}\n`);
    return exitCodes.invalidInput;
  }
  if (
    ConnectorStartError.isInstance(error) ||
    UnavailableError.isInstance(error) ||
    RedisUnavailableError.isInstance(error) ||
    MissingSecretError.isInstance(error) ||
    AlertSettingsError.isInstance(error) ||
    TracingSettingError.isInstance(error)
  ) {
    io.stderr(`error: ${error.message}\n`);
    return exitCodes.unavailable;
  }
  if (UsageError.isInstance(error)) {
    io.stderr(`error: ${error.message}\n(run "stockwire ${command} --help" for usage)\n`);
    return exitCodes.usage;
  }
  throw error;
}
