import type { SecretReference } from '@stockwire/model';

/**
 * Reads a secret the moment a call needs it, never when the connector is created, so a connection that is never
 * used needs none. A missing one becomes the connector's own configuration error (`missing`), with one wording
 * for every connector: which setting names which variable, and what to do.
 */
export function readSecret(
  reference: SecretReference,
  setting: string,
  environment: NodeJS.ProcessEnv,
  missing: (problem: string) => Error,
): string {
  const value = environment[reference.env];
  if (value === undefined || value.length === 0) {
    throw missing(
      `setting ${setting} names the environment variable ${reference.env}, which is not set; set it in the ` +
        "runner's environment, then resume the connection",
    );
  }
  return value;
}
