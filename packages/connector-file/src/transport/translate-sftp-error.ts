import {
  AuthenticationError,
  ConnectorConfigurationError,
  ConnectorError,
  TransientError,
} from '@stockwire/connector-spec';

interface TranslationContext {
  readonly connection: string;
  /** What was attempted, e.g. `read inventory/inbox/a.csv on sftp://…`. */
  readonly target: string;
  readonly secrets?: readonly (string | undefined)[];
}

/** SFTP status 3 (permission denied) and the errno the client uses for it. */
const permissionDenied = new Set<unknown>([3, 'EACCES', 'EPERM']);

/**
 * Turns what ssh2 and ssh2-sftp-client throw into typed errors. Authentication refusals and permissions are not
 * retryable; everything about the network or the session (refused, reset, timed out, dropped) is.
 */
export function translateSftpError(error: unknown, context: TranslationContext): ConnectorError {
  if (ConnectorError.isInstance(error)) return error;
  const details = error as { code?: unknown; level?: unknown; message?: unknown };
  const message = typeof details.message === 'string' ? details.message : String(error);
  const common = { connection: context.connection, cause: error, secrets: context.secrets };
  if (details.level === 'client-authentication' || /authentication methods failed/i.test(message)) {
    return new AuthenticationError({ ...common, target: context.target });
  }
  if (permissionDenied.has(details.code) || /permission denied/i.test(message)) {
    return new ConnectorConfigurationError({
      connector: 'file',
      ...common,
      problem: `${context.target} was refused: permission denied; give the SFTP user read and write access there`,
    });
  }
  const code = typeof details.code === 'string' || typeof details.code === 'number' ? ` (${details.code})` : '';
  return new TransientError({ ...common, target: context.target, reason: `${message}${code}` });
}
