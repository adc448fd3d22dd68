import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnavailableError } from '@stockwire/runner';
import { Redis } from 'ioredis';

/** The Redis the demo uses: the one `REDIS_URL` names, or a `redis-server` it started (and stops) itself. */
export interface DemoRedis {
  readonly url: string;
  /** True when the demo started this server, false when it came from `REDIS_URL`. */
  readonly startedHere: boolean;
  stop(): Promise<void>;
}

export const redisInstallHelp = [
  'The demo needs Redis 7 or newer, and found no `redis-server` on your PATH. Either:',
  '  - install it: `sudo apt-get install redis-server` (Debian, Ubuntu), `brew install redis` (macOS),',
  '    `sudo dnf install redis` (Fedora); the demo starts and stops its own server on a free port, or',
  '  - point it at a Redis you run: `REDIS_URL=redis://127.0.0.1:6379 pnpm demo` (it uses its own key prefix).',
].join('\n');

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function redisServerCommand(environment: NodeJS.ProcessEnv): string | undefined {
  const candidate = environment.STOCKWIRE_REDIS_SERVER || 'redis-server';
  const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? candidate : undefined;
}

export async function provideDemoRedis(environment: NodeJS.ProcessEnv): Promise<DemoRedis> {
  const given = environment.REDIS_URL;
  if (given !== undefined && given !== '') {
    if (!(await answersPing(given))) {
      throw new UnavailableError(`REDIS_URL is set, but nothing answers there (${given.replace(/\/\/[^@]*@/, '//')})`);
    }
    return { url: given, startedHere: false, stop: async () => {} };
  }
  const command = redisServerCommand(environment);
  if (command === undefined) throw new UnavailableError(redisInstallHelp);
  const port = await freePort();
  const directory = await mkdtemp(join(tmpdir(), 'stockwire-demo-redis-'));
  // Nothing is persisted: the demo's state lives only as long as the demo.
  const child: ChildProcess = spawn(
    command,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', directory],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(directory, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await answersPing(url)) return { url, startedHere: true, stop };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new UnavailableError(`redis-server did not start on port ${port}`);
}
