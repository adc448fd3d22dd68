import type { SecretReference } from '@stockwire/model';
import { FileConfigurationError } from './file-errors.ts';

/**
 * Reads a secret when it is needed, never at load time, so a connection that is never used does not need it.
 * `setting` names where the reference sits (`transport.privateKey`), so the message says what to fix.
 */
export function readSecret(
  reference: SecretReference,
  setting: string,
  environment: NodeJS.ProcessEnv,
  connection: string,
): string {
  const value = environment[reference.env];
  if (value === undefined || value.length === 0) {
    throw new FileConfigurationError({
      connection,
      problem:
        `setting ${setting} names the environment variable ${reference.env}, which is not set; set it in the ` +
        "runner's environment, then resume the connection",
    });
  }
  return value;
}
