import { redactSecrets } from '@stockwire/connector-spec';
import { type DestinationStream, type Logger, pino } from 'pino';

export interface CreateLoggerInput {
  readonly level?: string | undefined;
  /** Values never to print (resolved secrets, the admin token, the Redis password), wherever they appear. */
  readonly secrets?: readonly (string | undefined)[] | undefined;
  /** Where lines go; standard output by default. */
  readonly write?: ((line: string) => void) | undefined;
}

/** Field paths that carry credentials in the objects we log (requests, settings, errors). */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.passphrase',
  '*.privateKey',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.signingSecret',
];

/**
 * JSON lines through pino. Known field names are redacted by pino; on top of that every line is scrubbed of the
 * secret values themselves, so a token echoed inside a vendor message or a URL is not printed either.
 */
export function createLogger(input: CreateLoggerInput = {}): Logger {
  const secrets = (input.secrets ?? []).filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 4,
  );
  const write = input.write ?? ((line: string) => process.stdout.write(line));
  const destination: DestinationStream = {
    write: (line: string) => write(secrets.length === 0 ? line : redactSecrets(line, secrets)),
  };
  return pino(
    {
      level: input.level ?? 'info',
      base: { service: 'stockwire-runner' },
      redact: { paths: redactedPaths, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
