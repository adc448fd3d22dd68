import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useRedisServer } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';
import { maxEventsInWindow } from '../sandbox/observed-rate.ts';
import { createSandboxServer } from '../sandbox/sandbox-server.ts';

const redisServer = useRedisServer();
const packageFolder = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workerScript = join('src', 'rate-limit', 'shared-account-worker.test-helpers.ts');

interface WorkerReport {
  worker: string;
  calls: number;
  refusals: number;
}

interface RunningWorker {
  child: ChildProcessWithoutNullStreams;
  ready: Promise<void>;
  report: Promise<WorkerReport>;
}

function startWorker(settings: Record<string, unknown>): RunningWorker {
  const child = spawn(process.execPath, ['--conditions=@stockwire/source', workerScript, JSON.stringify(settings)], {
    cwd: packageFolder,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('ready\n')) markReady();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const report = new Promise<WorkerReport>((resolve, reject) => {
    child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(new Error(`worker ${String(settings.worker)} exited with ${code}:\n${output}\n${errors}`));
        return;
      }
      resolve(JSON.parse(last) as WorkerReport);
    });
  });
  // A worker that dies before it is ready must fail the test rather than leave it waiting.
  const readyOrDead = Promise.race([ready, report.then(() => Promise.reject(new Error('exited before ready')))]);
  return { child, ready: readyOrDead, report };
}

describe('one account shared by two processes', () => {
  it('keeps the calls the vendor receives within burst + rate × window, and serves both processes', async () => {
    const ratePerSecond = 10;
    const burst = 4;
    const durationMs = 2_000;
    const vendor = await createSandboxServer({ handle: () => ({ body: { inventory: [] } }) });
    const account = `seller-${randomUUID()}`;
    const workers = ['first', 'second'].map((worker) =>
      startWorker({
        redisUrl: redisServer.url,
        vendorUrl: vendor.url,
        account,
        worker,
        ratePerSecond,
        burst,
        durationMs,
      }),
    );
    try {
      await Promise.all(workers.map((worker) => worker.ready));
      for (const worker of workers) worker.child.stdin.write('go\n');
      const reports = await Promise.all(workers.map((worker) => worker.report));

      // The vendor's own log is the judge: arrival times of the limited calls, across both processes.
      const limitedCalls = vendor.calls.filter((call) => call.path === '/inventory');
      const arrivals = limitedCalls.map((call) => call.time);
      for (const windowMs of [100, 250, 500, 1_000, 2_000]) {
        const allowed = Math.floor(burst + (ratePerSecond * windowMs) / 1_000);
        expect(
          maxEventsInWindow(arrivals, windowMs),
          `calls within ${windowMs} ms (allowed ${allowed})`,
        ).toBeLessThanOrEqual(allowed);
      }
      const byWorker = (worker: string) => limitedCalls.filter((call) => call.headers['x-worker'] === worker).length;
      expect(byWorker('first')).toBeGreaterThan(0);
      expect(byWorker('second')).toBeGreaterThan(0);
      expect(reports.map((report) => report.calls)).toEqual([byWorker('first'), byWorker('second')]);
      // More than the burst went through, so the bucket refilled and was shared, not merely exhausted.
      expect(limitedCalls.length).toBeGreaterThan(burst);
      // Both processes were refused at some point: they really competed for one bucket.
      expect(reports.every((report) => report.refusals > 0)).toBe(true);
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill();
      await vendor.close();
    }
  }, 30_000);
});
