import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { hoursAgo, useRedisServer } from '@stockwire/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from './examples.test-helpers.ts';
import { type RunnerProcess, startRunnerProcess } from './test-support/runner-process.ts';
import { createSyncWorld, publishedOnWeb } from './test-support/sync-world.ts';
import { waitUntil } from './test-support/wait-until.ts';

const redis = useRedisServer();
let runner: RunnerProcess | undefined;
let target: string | undefined;
afterEach(async () => {
  await runner?.stop('SIGKILL');
  if (target !== undefined) await rm(target, { recursive: true, force: true });
});

function runToCompletion(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the deployable runner', () => {
  it('runs from a `pnpm deploy --prod` of the runner, as the container image does', async () => {
    target = await mkdtemp(join(tmpdir(), 'stockwire-deploy-'));
    const deploy = await runToCompletion(
      'pnpm',
      ['--filter', '@stockwire/runner', 'deploy', '--prod', target],
      repositoryRoot,
    );
    expect(deploy.code, deploy.output).toBe(0);
    // The image builds before it deploys; here the runner's current sources are compiled into the deployed folder.
    const typescript = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const compile = await runToCompletion(
      process.execPath,
      [typescript, '-p', 'apps/runner/tsconfig.build.json', '--outDir', join(target, 'dist')].concat([
        '--declaration',
        'false',
        '--declarationMap',
        'false',
        '--sourceMap',
        'false',
      ]),
      repositoryRoot,
    );
    expect(compile.code, compile.output).toBe(0);

    // What the image holds: production dependencies, built workspace packages, no test helpers or test tools.
    expect(existsSync(join(target, 'src', 'test-support'))).toBe(false);
    expect(existsSync(join(target, 'node_modules', 'vitest'))).toBe(false);
    for (const dependency of ['model', 'connector-kit', 'connector-file', 'engine']) {
      const built = join(target, 'node_modules', '@stockwire', dependency, 'dist', 'index.js');
      expect(existsSync(built), `${built} (run "pnpm build" before the tests)`).toBe(true);
    }

    const world = await createSyncWorld();
    runner = await startRunnerProcess({
      configurationFile: world.configurationFile,
      redisUrl: redis.url,
      command: [process.execPath, join(target, 'dist', 'cli.js')],
      cwd: target,
      environment: {
        STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
        STOCKWIRE_PUSH_DEBOUNCE_MS: '20',
        STOCKWIRE_ADMIN_TOKEN: 'deploy-test-token',
      },
    });
    expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${runner.url}/readyz`)).json()).toEqual({
      ready: true,
      redis: true,
      workers: true,
      redisMemory: 'ok',
    });
    // The dashboard's files are read from the deployed src/, and bull-board's views and assets from its packages.
    expect(await (await fetch(`${runner.url}/dashboard`)).text()).toContain('<title>Stockwire runner</title>');
    expect((await fetch(`${runner.url}/dashboard/static/dashboard.js`)).status).toBe(200);
    const queues = await fetch(`${runner.url}/admin/queues`, {
      headers: { authorization: 'Bearer deploy-test-token' },
    });
    expect(await queues.text()).toContain('Stockwire queues');
    await world.wms.dropInboxFile(
      'adjust-0001.csv',
      adjustmentFileText([
        { id: 'd1', sku: 'W-A', location: 'WH1', change: 9, reason: 'found', occurred_at: hoursAgo(3) },
      ]),
    );
    await waitUntil('web to show SKU-A 9', async () =>
      (await publishedOnWeb(world))['SKU-A'] === 9 ? true : undefined,
    );
    expect(await runner.stop('SIGTERM')).toBe(0);
  }, 120_000);
});
