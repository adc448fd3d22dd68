/** The levels a connector can log at, quietest last. The runner's configured level decides which are printed. */
export type ConnectorLogLevelV2 = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** One log line: structured fields first, then the message (pino's argument order, so a pino logger fits as is). */
export type ConnectorLogMethodV2 = (fields: Readonly<Record<string, unknown>>, message: string) => void;

/**
 * Where a connector writes its log lines. The runner passes its own logger, bound to the connection name and at the
 * configured level. Fields must already be free of secrets: the logger prints what it is given.
 */
export interface ConnectorLogV2 {
  readonly trace: ConnectorLogMethodV2;
  readonly debug: ConnectorLogMethodV2;
  readonly info: ConnectorLogMethodV2;
  readonly warn: ConnectorLogMethodV2;
  readonly error: ConnectorLogMethodV2;
  /** Lets a caller skip building a costly line the level would drop anyway. Absent: assume every level prints. */
  isLevelEnabled?(level: ConnectorLogLevelV2): boolean;
}
