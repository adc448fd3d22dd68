import { type SpawnSyncOptions, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PackedManifest } from './check-tarball.ts';
import { readTarball } from './tarball.ts';
import { unpackWorkspaceTooling } from './workspace-tooling.ts';

export interface PackedPackage {
  readonly folder: string;
  readonly tarball: string;
  readonly manifest: PackedManifest;
  readonly files: Map<string, Buffer>;
}

/**
 * The environment for the child commands: without what the surrounding `pnpm test` and vitest put there
 * (npm_config_* settings, NODE_OPTIONS with a source condition), so they run as a user's shell would.
 */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^npm_/i.test(key) && key !== 'NODE_OPTIONS' && !key.startsWith('VITEST') && key !== 'TEST',
    ),
  );
}

export function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, {
    encoding: 'utf8',
    env: cleanEnvironment(),
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
    ...options,
  });
  return {
    status: result.status,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    error: result.error,
  };
}

/**
 * `run` without blocking: the command runs while the next tests do. Its output goes to files in `cwd` rather than
 * pipes, because the tests' spawnSync calls block this process's event loop and a full pipe would stall it.
 */
export function runInBackground(command: string, args: string[], options: { cwd: string; label: string }) {
  const stdoutFile = join(options.cwd, `${options.label}.stdout`);
  const stderrFile = join(options.cwd, `${options.label}.stderr`);
  const stdoutDescriptor = openSync(stdoutFile, 'w');
  const stderrDescriptor = openSync(stderrFile, 'w');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: cleanEnvironment(),
    stdio: ['ignore', stdoutDescriptor, stderrDescriptor],
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise<{ status: number | null; stdout: string; stderr: string; error?: Error }>((resolve) => {
    const finish = (status: number | null, error?: Error) => {
      clearTimeout(timer);
      closeSync(stdoutDescriptor);
      closeSync(stderrDescriptor);
      resolve({ status, stdout: readFileSync(stdoutFile, 'utf8'), stderr: readFileSync(stderrFile, 'utf8'), error });
    };
    child.once('error', (error) => finish(null, error));
    child.once('exit', (status) => finish(status));
  });
}

/** `pnpm pack` of each folder into `destination` (pnpm rewrites `workspace:` ranges to versions). */
export function packAll(folders: readonly string[], destination: string): PackedPackage[] {
  return folders.map((folder) => {
    const before = new Set(readdirSync(destination));
    const packed = run('pnpm', ['pack', '--pack-destination', destination], { cwd: folder });
    if (packed.status !== 0) throw new Error(`pnpm pack in ${folder} failed:\n${packed.stderr}${packed.stdout}`);
    const created = readdirSync(destination).filter((name) => !before.has(name) && name.endsWith('.tgz'));
    if (created.length !== 1) throw new Error(`pnpm pack in ${folder} wrote ${created.length} tarballs`);
    const tarball = join(destination, created[0] as string);
    const files = readTarball(tarball);
    const manifest = JSON.parse(files.get('package.json')?.toString('utf8') ?? '{}') as PackedManifest;
    return { folder, tarball, manifest, files };
  });
}

/** The names under `allowBuilds` in the workspace's pnpm-workspace.yaml (install scripts pnpm must be told about). */
function workspaceBuildNames(workspaceRoot: string): string[] {
  const text = readFileSync(join(workspaceRoot, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^allowBuilds:\n((?:[ \t]+.*\n|[ \t]*#.*\n|\n)*)/m.exec(text)?.[1] ?? '';
  return [...block.matchAll(/^[ \t]+'?([@\w./-]+)'?:/gm)].map((match) => match[1] as string);
}

/**
 * An empty project in the OS temp folder that depends on every tarball, with each `@stockwire/*` dependency of a
 * tarball overridden to its tarball too (so nothing comes from the registry or the workspace), and each required
 * peer dependency at the version the package is tested with (its devDependencies). Third-party packages come from
 * pnpm's store where it holds them (`--prefer-offline`). Install scripts are not run: native helpers are optional.
 * `tooling` (private packages a first example's sandbox needs) and `sandboxDependencies` (third-party packages it
 * imports) are there only to run the sandboxes; see workspace-tooling.ts.
 */
export function createConsumerProject(
  packages: readonly PackedPackage[],
  workspaceRoot: string,
  tooling: readonly PackedPackage[] = [],
  sandboxDependencies: Readonly<Record<string, string>> = {},
) {
  const project = mkdtempSync(join(tmpdir(), 'stockwire-pack-check-'));
  mkdirSync(join(project, 'tarballs'));
  const dependencies: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  for (const { tarball, manifest } of packages) {
    const local = join(project, 'tarballs', `${manifest.name.replace('@', '').replace('/', '-')}.tgz`);
    copyFileSync(tarball, local);
    dependencies[manifest.name] = `file:${local}`;
    overrides[manifest.name] = `file:${local}`;
  }
  for (const { manifest } of packages) {
    const optional = (manifest as { peerDependenciesMeta?: Record<string, { optional?: boolean }> })
      .peerDependenciesMeta;
    for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (peer in dependencies || optional?.[peer]?.optional) continue;
      dependencies[peer] = manifest.devDependencies?.[peer] ?? range;
    }
  }
  for (const [name, range] of Object.entries({ ...unpackWorkspaceTooling(project, tooling), ...sandboxDependencies }))
    dependencies[name] ??= range;
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'stockwire-pack-check-consumer', private: true, type: 'module', dependencies }, null, 2)}\n`,
  );
  const yaml = [
    'overrides:',
    ...Object.entries(overrides).map(([name, spec]) => `  ${JSON.stringify(name)}: ${JSON.stringify(spec)}`),
    'allowBuilds:',
    ...workspaceBuildNames(workspaceRoot).map((name) => `  ${JSON.stringify(name)}: false`),
    '',
  ].join('\n');
  writeFileSync(join(project, 'pnpm-workspace.yaml'), yaml);
  return project;
}

export function install(project: string, storeDirectory: string) {
  return run('pnpm', ['install', '--prefer-offline', '--store-dir', storeDirectory, '--reporter', 'append-only'], {
    cwd: project,
  });
}
