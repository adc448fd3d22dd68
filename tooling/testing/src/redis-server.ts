import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable } from './find-executable.ts';
import { findFreeLoopbackPort } from './free-port.ts';

export interface RedisServerHandle {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops the server and removes its working folder. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartRedisServerOptions {
  /** Extra `redis-server` arguments, e.g. `['--cluster-enabled', 'yes']`. */
  extraArguments?: readonly string[];
  /** How long to wait for "Ready to accept connections". */
  startTimeoutMs?: number;
}

const missingRedisMessage =
  'redis-server was not found on PATH. Install it (Debian/Ubuntu: `apt-get install redis-server`, macOS: ' +
  '`brew install redis`); the tests start their own server on a random loopback port.';

/**
 * Starts a real, throwaway redis-server on a random loopback port: no persistence, its own temporary folder.
 * Each test suite starts its own, so suites run in parallel without seeing each other's keys.
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisServerHandle> {
  const executable = findExecutable('redis-server', ['/usr/sbin', '/usr/local/sbin', '/usr/bin']);
  if (executable === undefined) throw new Error(missingRedisMessage);
  let lastError: unknown;
  // The free port can be taken between the probe and the bind; a few attempts make that race harmless.
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await findFreeLoopbackPort();
    const folder = await mkdtemp(join(tmpdir(), 'stockwire-redis-'));
    try {
      const child = await spawnAndWaitReady(executable, port, folder, options);
      return makeHandle(child, port, folder);
    } catch (error) {
      lastError = error;
      await rm(folder, { recursive: true, force: true });
    }
  }
  throw new Error(`could not start redis-server after 5 attempts: ${String(lastError)}`);
}

async function spawnAndWaitReady(
  executable: string,
  port: number,
  folder: string,
  options: StartRedisServerOptions,
): Promise<ChildProcess> {
  const argumentsList = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    folder,
    '--protected-mode',
    'yes',
    ...(options.extraArguments ?? []),
  ];
  const child = spawn(executable, argumentsList, { stdio: ['ignore', 'pipe', 'pipe'] });
  const timeoutMs = options.startTimeoutMs ?? 10_000;
  return await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code} before it was ready:\n${output}`));
    });
  });
}

function makeHandle(child: ChildProcess, port: number, folder: string): RedisServerHandle {
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(forced);
      }
      await rm(folder, { recursive: true, force: true });
    })();
    return stopped;
  };
  // A crashed test run must not leave servers behind.
  process.once('exit', () => child.kill('SIGKILL'));
  return { url: `redis://127.0.0.1:${port}`, host: '127.0.0.1', port, stop };
}
