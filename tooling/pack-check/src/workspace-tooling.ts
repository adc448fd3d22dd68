import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PackedPackage } from './consumer-project.ts';

// A first example's sandbox may need a private workspace package (Vendure's starts a real server through
// @stockwire/vendure-testing). The pack check packs those too, but only to run the sandbox: they are never
// published, and they are not among the tarballs the checks are about.

interface WorkspacePackage {
  readonly folder: string;
  readonly manifest: { name: string; private?: boolean; dependencies?: Record<string, string> };
}

/** Every private package of the workspace (tooling/*, and any private one under packages/ or apps/), by name. */
export function privateWorkspacePackages(workspaceRoot: string): Map<string, WorkspacePackage> {
  const found = new Map<string, WorkspacePackage>();
  for (const parent of ['packages', 'apps', 'tooling']) {
    for (const name of readdirSync(join(workspaceRoot, parent))) {
      const folder = join(workspaceRoot, parent, name);
      if (!existsSync(join(folder, 'package.json'))) continue;
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as WorkspacePackage['manifest'];
      if (manifest.private === true) found.set(manifest.name, { folder, manifest });
    }
  }
  return found;
}

/** The bare package names a file imports (`from '…'`), without node: built-ins and relative paths. */
export function importedPackageNames(file: string): string[] {
  const specifiers = [...readFileSync(file, 'utf8').matchAll(/from '([^'.][^']*)'/g)].map(
    (match) => match[1] as string,
  );
  return [
    ...new Set(
      specifiers
        .filter((specifier) => !specifier.startsWith('node:'))
        .map((specifier) =>
          specifier
            .split('/')
            .slice(0, specifier.startsWith('@') ? 2 : 1)
            .join('/'),
        ),
    ),
  ];
}

/** `names` and the private workspace packages they depend on, transitively (vendure-testing brings testing). */
export function withPrivateDependencies(
  names: readonly string[],
  workspace: ReadonlyMap<string, WorkspacePackage>,
): WorkspacePackage[] {
  const reached = new Map<string, WorkspacePackage>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    const entry = workspace.get(name);
    if (entry === undefined || reached.has(name)) continue;
    reached.set(name, entry);
    pending.push(...Object.keys(entry.manifest.dependencies ?? {}).filter((dependency) => workspace.has(dependency)));
  }
  return [...reached.values()];
}

/**
 * Writes each packed private package's files into `<project>/workspace-tooling/<folder>` and returns the
 * dependencies the project needs for them: a `link:` to each, plus each one's third-party dependencies and
 * devDependencies at the ranges `pnpm pack` wrote (as in the workspace, where a tooling package's devDependencies
 * are installed: @stockwire/testing's index imports vitest for its shared suites). Unpacked, not installed from the tarball, because these packages ship TypeScript
 * source and Node strips types only outside node_modules (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING); a linked
 * package resolves its imports from the project's node_modules, so its dependencies are the project's.
 */
export function unpackWorkspaceTooling(project: string, tooling: readonly PackedPackage[]): Record<string, string> {
  const dependencies: Record<string, string> = {};
  const privateNames = new Set(tooling.map(({ manifest }) => manifest.name));
  for (const { manifest, files } of tooling) {
    const relativeFolder = `workspace-tooling/${manifest.name.replace(/^@[^/]+\//, '')}`;
    for (const [path, contents] of files) {
      const target = join(project, relativeFolder, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, contents);
    }
    dependencies[manifest.name] = `link:./${relativeFolder}`;
    for (const [name, range] of Object.entries({ ...manifest.devDependencies, ...manifest.dependencies }))
      if (!privateNames.has(name) && !name.startsWith('@stockwire/')) dependencies[name] ??= range;
  }
  return dependencies;
}
