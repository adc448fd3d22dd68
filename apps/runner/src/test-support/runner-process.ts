import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitUntil } from './wait-until.ts';

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** `stockwire run` as a separate OS process, exactly as an operator starts it (sources run directly by Node). */
export interface RunnerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly port: number;
  readonly url: string;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
  /** Sends a signal and waits for the process to end; resolves with its exit code (null when killed by a signal). */
  stop(signal: NodeJS.Signals): Promise<number | null>;
}

export interface StartRunnerProcessInput {
  readonly configurationFile: string;
  readonly redisUrl: string;
  readonly environment?: Readonly<Record<string, string>>;
  /** The program and its arguments before `run`; the TypeScript sources of this checkout by default. */
  readonly command?: readonly string[];
  readonly cwd?: string;
  /** More options of `stockwire run`, e.g. `--shadow`. */
  readonly runArguments?: readonly string[];
}

export async function startRunnerProcess(input: StartRunnerProcessInput): Promise<RunnerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@stockwire/source',
      cliPath,
      'run',
      '--config',
      input.configurationFile,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...(input.runArguments ?? []),
    ],
    {
      env: { ...process.env, REDIS_URL: input.redisUrl, STOCKWIRE_LOG_LEVEL: 'info', ...input.environment },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A runner that dies while starting fails the test with its output instead of a timeout.
  let exitCode: number | null | undefined;
  exited.then((code) => {
    exitCode = code;
  });
  const port = await waitUntil(
    'the runner to listen',
    () => {
      if (exitCode !== undefined) throw new Error(`the runner exited with ${exitCode} while starting:\n${output}`);
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      return match === null || !output.includes('workers started') ? undefined : Number(match[1]);
    },
    { timeoutMs: 30_000, describeLast: () => output },
  );
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    async stop(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      return await exited;
    },
  };
}
