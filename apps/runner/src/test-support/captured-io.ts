import type { CliIo } from '../cli-support/cli-io.ts';

/** A command's standard output and error, captured, for running CLI commands in the test's own process. */
export function capturedIo(cwd: string): CliIo & { stdoutText(): string; stderrText(): string } {
  let stdout = '';
  let stderr = '';
  return {
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutText: () => stdout,
    stderrText: () => stderr,
  };
}
