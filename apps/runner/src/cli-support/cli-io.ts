/** Where a command writes and what it reads paths against; the real process in `cli.ts`, captured in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/**
 * Exit codes scripts can rely on: 0 done, 1 the input files have problems (the output lists them), 2 the
 * command line itself is wrong (unknown command or option, missing or malformed option value), 3 something the
 * command needs is unavailable (Redis cannot be reached, a connection cannot start).
 */
export const exitCodes = { ok: 0, invalidInput: 1, usage: 2, unavailable: 3 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export interface CommandContext {
  readonly io: CliIo;
  /** Commander ignores what an action returns, so actions report their exit code here. */
  readonly setExitCode: (code: ExitCode) => void;
}
