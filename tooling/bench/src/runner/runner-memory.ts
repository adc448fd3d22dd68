import { type ChildProcess, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLocations, skuId } from '../bench-world.ts';

export interface RunnerMemoryResult {
  readonly positions: number;
  /** Resident memory once every position is applied and pushed, the runner idle. */
  readonly residentBytes: number;
  /** The most it held at any time (VmHWM). */
  readonly peakResidentBytes: number;
  /** Live JavaScript heap at the same moment (the runner's own metric), to tell live data from retained pages. */
  readonly heapUsedBytes: number;
  /**
   * The most JavaScript heap in use the runner reported while it ingested (sampled every half second): the peak
   * whose pages stay resident afterwards, garbage not yet collected included (#14).
   */
  readonly peakHeapUsedBytes: number;
  /** From `stockwire run` started to every position applied and pushed. */
  readonly seconds: number;
  /** CPU time the runner process used by then (user and system), steadier than `seconds` on a shared machine. */
  readonly cpuSeconds: number;
  /** The `node` options it ran with (the image's heap cap, unless the caller chose others). */
  readonly nodeArguments: readonly string[];
}

// The built runner, as the image runs it (`node /app/dist/cli.js`). The TypeScript sources under Node's type
// stripping are not what ships, and they are not free: with every module loaded and nothing run, the sources held
// about 24 MiB more resident than dist (235 against 211 MiB, #14), so a figure from source overstates the image.
const cliPath = fileURLToPath(new URL('../../../../apps/runner/dist/cli.js', import.meta.url));
const dockerfilePath = fileURLToPath(new URL('../../../../apps/runner/Dockerfile', import.meta.url));

/**
 * The V8 heap options of the image's `NODE_OPTIONS` (apps/runner/Dockerfile), so the bench measures the runner with
 * the heap cap it ships with, read from the one place it is set.
 */
export async function imageHeapOptions(): Promise<string[]> {
  const dockerfile = await readFile(dockerfilePath, 'utf8');
  const nodeOptions = /NODE_OPTIONS="([^"]*)"/.exec(dockerfile)?.[1] ?? '';
  return nodeOptions.split(/\s+/).filter((option) => /^--max-(old|semi)-space-size=\d+$/.test(option));
}

/**
 * `stockwire run` as its own process (the built dist of this checkout, as the image starts it; `pnpm bench` builds
 * the runner first), with a catalog of ⌈positions / 3⌉ SKUs at three warehouses in its configuration, an ERP folder (file
 * connector, the authority) whose inbox holds one adjustment per position, and a web store export (file connector)
 * over all three warehouses. Its resident memory is read from /proc once the runner has applied every adjustment
 * and pushed every channel quantity.
 */
export async function measureRunnerMemory(input: {
  redisUrl: string;
  positions: number;
  onProgress: (text: string) => void;
  /** Options for the runner's `node`; the image's heap options (`imageHeapOptions`) when not given, none for `[]`. */
  nodeArguments?: readonly string[];
  /** The configuration as YAML (block style, as a person writes a catalog) rather than JSON. */
  configurationFormat?: 'json' | 'yaml';
  /** Each half-second reading of the runner's metrics, to see when the heap peaks (applying, pushing or idle). */
  onSample?: (sample: RunnerMemorySample) => void;
  /** Called with the runner's pid once measured, before it is stopped (to take a heap snapshot, say). */
  onIdle?: (pid: number) => Promise<void>;
}): Promise<RunnerMemoryResult> {
  const root = await mkdtemp(join(tmpdir(), 'stockwire-bench-memory-'));
  let child: ChildProcess | undefined;
  try {
    const skuCount = Math.ceil(input.positions / benchLocations.length);
    for (const folder of ['erp/inbox', 'shop']) await mkdir(join(root, folder), { recursive: true });
    const configuration = {
      version: 1,
      locations: benchLocations.map((id) => ({ id, kind: 'warehouse' })),
      skus: Array.from({ length: skuCount }, (_, index) => ({ id: skuId(index) })),
      connections: {
        erp: {
          connector: 'file',
          locations: Object.fromEntries(benchLocations.map((location) => [location, location])),
          settings: { transport: { kind: 'folder', path: join(root, 'erp') }, pageSize: 5_000 },
        },
        shop: {
          connector: 'file',
          settings: { transport: { kind: 'folder', path: join(root, 'shop') }, maxExportRows: 5_000 },
        },
      },
      authority: [{ connections: ['erp'], states: '*' }],
      channels: [{ id: 'web', connection: 'shop', locations: [...benchLocations] }],
    };
    // JSON is YAML: the configuration is written as JSON, which the runner's YAML loader reads as it is.
    const configurationFile = join(root, 'stockwire.yaml');
    await writeFile(
      configurationFile,
      input.configurationFormat === 'yaml' ? blockYaml(configuration) : JSON.stringify(configuration),
    );
    const rows = ['id,sku,location,change,reason,occurred_at'];
    // Inside the engine's settle horizon whatever the date.
    const occurredAt = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (let index = 0; index < input.positions; index++) {
      const location = benchLocations[index % benchLocations.length] ?? 'wh-east';
      rows.push(
        `a${index},${skuId(Math.floor(index / benchLocations.length))},${location},${1 + (index % 40)},found,${occurredAt}`,
      );
    }
    await writeFile(join(root, 'erp/inbox/.adjust-0001.csv.tmp'), `${rows.join('\n')}\n`);
    // Renamed when complete, as the file connector asks senders to do.
    await writeFile(
      join(root, 'erp/inbox/adjust-0001.csv'),
      await readFile(join(root, 'erp/inbox/.adjust-0001.csv.tmp')),
    );
    await rm(join(root, 'erp/inbox/.adjust-0001.csv.tmp'));

    await access(cliPath).catch(() => {
      throw new Error(
        `${cliPath} is missing: build the runner first (pnpm exec turbo run build --filter @stockwire/runner...)`,
      );
    });
    const nodeArguments = input.nodeArguments ?? (await imageHeapOptions());
    input.onProgress(
      `runner memory: stockwire run over ${input.positions.toLocaleString('en-US')} positions` +
        (nodeArguments.length > 0 ? ` (node ${nodeArguments.join(' ')})` : ''),
    );
    const started = performance.now();
    let output = '';
    child = spawn(
      process.execPath,
      [...nodeArguments, cliPath, 'run', '--config', configurationFile, '--port', '0', '--host', '127.0.0.1'],
      {
        env: {
          ...process.env,
          REDIS_URL: input.redisUrl,
          STOCKWIRE_LOG_LEVEL: 'info',
          STOCKWIRE_KEY_PREFIX: `bench-memory-${input.positions}`,
          STOCKWIRE_POLL_INTERVAL_SECONDS: '1',
          STOCKWIRE_RECONCILE_INTERVAL_SECONDS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Only the port is needed from the log; the rest is dropped so this process holds no copy of it.
    const listening = new Promise<number>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-4_000);
        const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match !== null) resolve(Number(match[1]));
      };
      child?.stdout?.on('data', read);
      child?.stderr?.on('data', read);
      child?.once('exit', (code) => reject(new Error(`stockwire run exited with ${code}:\n${output}`)));
    });
    const port = await listening;
    const pid = child.pid ?? 0;
    const deadline = Date.now() + 30 * 60_000;
    let peakHeapUsedBytes = 0;
    for (;;) {
      if (Date.now() > deadline)
        throw new Error(`stockwire run did not finish ${input.positions} positions in 30 minutes`);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`).then(
        (response) => response.text(),
        async (error: unknown) => {
          // A runner that died (out of heap) refuses the connection before its exit is seen: say why it died.
          await new Promise((resolve) => setTimeout(resolve, 500));
          const ended = child?.exitCode ?? child?.signalCode ?? null;
          throw ended === null ? error : new Error(`stockwire run exited with ${ended}:\n${output}`);
        },
      );
      const applied = sumOf(metrics, 'stockwire_events_applied_total');
      peakHeapUsedBytes = Math.max(peakHeapUsedBytes, sumOf(metrics, 'stockwire_nodejs_heap_size_used_bytes'));
      const dirty = sumOf(metrics, 'stockwire_dirty_channel_skus');
      input.onSample?.({
        seconds: (performance.now() - started) / 1_000,
        applied,
        pushed: sumOf(metrics, 'stockwire_push_items_total'),
        dirty,
        heapUsedBytes: sumOf(metrics, 'stockwire_nodejs_heap_size_used_bytes'),
        residentBytes: sumOf(metrics, 'stockwire_process_resident_memory_bytes'),
      });
      if (applied >= input.positions && dirty === 0 && sumOf(metrics, 'stockwire_push_items_total') >= skuCount) break;
      if (sumOf(metrics, 'stockwire_dead_letters_added_total') > 0)
        throw new Error(`the runner dead-lettered input:\n${output}`);
      if (child.exitCode !== null) throw new Error(`stockwire run exited with ${child.exitCode}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const seconds = (performance.now() - started) / 1_000;
    // Let the last jobs end and a collection run, so the figure is what an idle runner over these positions holds.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    // utime and stime, fields 14 and 15 of /proc/PID/stat, in clock ticks (100 a second on Linux); the name in
    // parentheses may hold spaces, so the fields are counted after it.
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const kibibytes = (field: string) =>
      Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN) * 1_024;
    await input.onIdle?.(pid);
    return {
      positions: input.positions,
      residentBytes: kibibytes('VmRSS'),
      peakResidentBytes: kibibytes('VmHWM'),
      heapUsedBytes: sumOf(metrics, 'stockwire_nodejs_heap_size_used_bytes'),
      peakHeapUsedBytes,
      seconds,
      cpuSeconds,
      nodeArguments,
    };
  } finally {
    // A runner killed by a signal (out of heap: SIGABRT) has no exit code, only a signal; it has exited all the same.
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(root, { recursive: true, force: true });
  }
}

/** One reading of a running runner's metrics. */
export interface RunnerMemorySample {
  readonly seconds: number;
  readonly applied: number;
  readonly pushed: number;
  readonly dirty: number;
  readonly heapUsedBytes: number;
  readonly residentBytes: number;
}

/** The sum of every series of a metric in Prometheus text. */
function sumOf(metrics: string, name: string): number {
  let sum = 0;
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * Plain JSON data as block-style YAML, one key or item a line, as a person writes a catalog: the form the YAML reader
 * pays for per node. Strings are written JSON-quoted (valid YAML), keys plain (the configuration's keys are words).
 */
function blockYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => `\n${indent}- ${blockYaml(item, `${indent}  `).replace(/^\n\s*/, '')}`).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return entries.map(([key, item]) => `\n${indent}${key}: ${blockYaml(item, `${indent}  `)}`).join('');
  }
  return JSON.stringify(value);
}
