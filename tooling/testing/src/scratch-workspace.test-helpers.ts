import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Resolves a tool the repository installs at its root, e.g. `typescript/bin/tsc`. */
export const resolveFromRoot = createRequire(join(repositoryRoot, 'package.json')).resolve;

/**
 * A throwaway copy of the monorepo's skeleton in the system's temporary folder: root configuration, the
 * generators, and copies of the workspace packages a connector depends on, each with a node_modules made of links
 * to the dependencies `pnpm install` already put in the real repository. Nothing is installed and nothing in the
 * repository is written, so the repository's own biome, tsc and turbo runs never see what a test generates here.
 */
export interface ScratchWorkspace {
  readonly root: string;
  /** Copies a workspace package (package.json, tsconfig*.json, src) with links to its installed dependencies. */
  copyPackage(path: string): Promise<void>;
  /** Links the dependencies a package.json declares, from the workspace or from `sources`' installed ones. */
  linkDependencies(path: string, sources: readonly string[]): Promise<void>;
  remove(): Promise<void>;
}

/** Folders of the real repository kept as links: they are read, never written, by what runs in the copy. */
const linkedFolders = ['tooling/tsconfig', 'tooling/testing'];
const copiedFiles = ['package.json', 'pnpm-workspace.yaml', 'turbo.json', 'biome.json', '.gitignore', 'LICENSE'];

export async function createScratchWorkspace(): Promise<ScratchWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'stockwire-workspace-'));
  for (const file of copiedFiles) await cp(join(repositoryRoot, file), join(root, file));
  await cp(join(repositoryRoot, 'turbo/generators'), join(root, 'turbo/generators'), { recursive: true });
  for (const folder of linkedFolders) await linkTo(join(repositoryRoot, folder), join(root, folder));
  // Only biome: the generator formats what it wrote with the repository's biome.
  const biome = join('node_modules', '@biomejs', 'biome');
  await linkTo(realpathSync(join(repositoryRoot, biome)), join(root, biome));

  return {
    root,
    async copyPackage(path) {
      const source = join(repositoryRoot, path);
      const target = join(root, path);
      await mkdir(target, { recursive: true });
      for (const entry of readdirSync(source)) {
        if (entry === 'package.json' || /^tsconfig.*\.json$/.test(entry) || entry === 'src') {
          await cp(join(source, entry), join(target, entry), { recursive: true });
        }
      }
      // A package added since the last `pnpm install` has no node_modules yet: its copy has none either.
      if (existsSync(join(source, 'node_modules'))) {
        await mirrorNodeModules(join(source, 'node_modules'), join(target, 'node_modules'));
      }
    },
    async linkDependencies(path, sources) {
      const folder = join(root, path);
      const manifest = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8')) as {
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
      for (const name of names) {
        const workspacePackage = workspaceFolderOf(name);
        if (workspacePackage !== undefined) {
          await linkTo(join(root, workspacePackage), join(folder, 'node_modules', name));
          continue;
        }
        const installed = sources.map((source) => join(repositoryRoot, source, 'node_modules', name)).find(existsSync);
        if (installed === undefined) {
          throw new Error(`${path} depends on ${name}, which none of ${sources.join(', ')} has installed`);
        }
        await linkTo(realpathSync(installed), join(folder, 'node_modules', name));
      }
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };

  /** The real node_modules as links: workspace packages point into the copy, everything else into pnpm's store. */
  async function mirrorNodeModules(source: string, target: string): Promise<void> {
    for (const entry of readdirSync(source)) {
      if (entry.startsWith('.')) continue;
      const entryPath = join(source, entry);
      if (entry.startsWith('@') && !lstatSync(entryPath).isSymbolicLink()) {
        await mirrorNodeModules(entryPath, join(target, entry));
        continue;
      }
      const real = realpathSync(entryPath);
      const insideRepository = !relative(repositoryRoot, real).startsWith('..');
      const workspacePackage = insideRepository && !real.split(sep).includes('node_modules');
      if (workspacePackage) await linkTo(join(root, relative(repositoryRoot, real)), join(target, entry));
      else await linkTo(real, join(target, entry));
    }
  }

  function workspaceFolderOf(name: string): string | undefined {
    for (const group of ['packages', 'tooling']) {
      for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
        const manifest = join(root, group, entry.name, 'package.json');
        if (existsSync(manifest) && readPackageName(manifest) === name) return join(group, entry.name);
      }
    }
    return undefined;
  }
}

function readPackageName(manifest: string): string | undefined {
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
}

async function linkTo(target: string, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await symlink(target, path, 'dir');
}

export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/**
 * Runs Node (a script and its arguments, or Node's own flags first) to completion and keeps everything it printed,
 * for assertions and failure messages.
 */
export function runNode(argumentsList: readonly string[], cwd: string): Promise<CommandResult> {
  // The outer vitest's variables would make an inner vitest believe it runs inside a worker.
  const environment = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_OPTIONS'),
  );
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, argumentsList, { cwd, env: { ...environment, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, output }));
  });
}
