import { builtinModules } from 'node:module';
import { posix } from 'node:path';

export interface PackedManifest {
  readonly name: string;
  readonly version: string;
  readonly exports?: unknown;
  readonly bin?: string | Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/** Files a user of a package never needs: tests, their helpers and fixtures. */
const testFile =
  /(^|\/)(__fixtures__|fixtures|test-support|__tests__)\/|\.(test|spec|test-helpers)\.[cm]?[jt]s$|\.(test|spec|test-helpers)\.d\.[cm]?ts(\.map)?$|\.(test|spec|test-helpers)\.[cm]?js\.map$/;

/** Every string target of an `exports` map, with the subpath and condition it is reached by. */
export function exportTargets(exports: unknown): { subpath: string; condition: string; target: string }[] {
  const targets: { subpath: string; condition: string; target: string }[] = [];
  const walk = (node: unknown, subpath: string, condition: string) => {
    if (typeof node === 'string') targets.push({ subpath, condition, target: node });
    else if (Array.isArray(node)) for (const item of node) walk(item, subpath, condition);
    else if (node !== null && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('.')) walk(value, key, condition);
        else walk(value, subpath, condition === '' ? key : `${condition}.${key}`);
      }
  };
  if (typeof exports === 'string') walk({ '.': exports }, '.', '');
  else walk(exports, '.', '');
  return targets;
}

/** The package a bare import specifier names (`zod/v4` → `zod`, `@a/b/c` → `@a/b`); undefined for relative ones. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return undefined;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const importPattern =
  /(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]*?\sfrom\s*)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The packages a compiled module imports. */
export function importedPackages(source: string): Set<string> {
  const packages = new Set<string>();
  for (const match of source.matchAll(importPattern)) {
    const name = packageOf(match[1] ?? match[2] ?? '');
    if (name) packages.add(name);
  }
  return packages;
}

/**
 * What is wrong with one packed package: missing files, broken exports or bin targets, shipped tests, source maps
 * that point outside the package or at files it does not ship, `workspace:` and `catalog:` ranges left in, and modules importing a
 * package that is not a dependency or peer dependency (only in devDependencies, say).
 */
export function tarballProblems(files: ReadonlyMap<string, Buffer>, manifest: PackedManifest): string[] {
  const problems: string[] = [];
  for (const required of ['package.json', 'LICENSE', 'README.md'])
    if (!files.has(required)) problems.push(`${required} is not in the tarball`);

  const targets = exportTargets(manifest.exports);
  if (targets.length === 0) problems.push('package.json has no exports');
  const subpaths = new Set(targets.map(({ subpath }) => subpath));
  for (const { subpath, condition, target } of targets) {
    const file = posix.normalize(target);
    if (!files.has(file)) problems.push(`exports["${subpath}"].${condition} → ${target} is not in the tarball`);
  }
  for (const subpath of subpaths) {
    const chosen = targets.filter((target) => target.subpath === subpath);
    const runtime = chosen.find(({ condition }) => condition === 'default' || condition === 'import');
    const types = chosen.find(({ condition }) => condition === 'types');
    if (!runtime || !/^\.\/dist\/.*\.js$/.test(runtime.target))
      problems.push(`exports["${subpath}"] has no default/import target in dist/ ending .js`);
    if (!types || !/^\.\/dist\/.*\.d\.ts$/.test(types.target))
      problems.push(`exports["${subpath}"] has no types target in dist/ ending .d.ts`);
  }

  const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  for (const [command, target] of Object.entries(bins)) {
    const body = files.get(posix.normalize(target));
    if (!body) problems.push(`bin ${command} → ${target} is not in the tarball`);
    else if (!body.toString('utf8').startsWith('#!')) problems.push(`bin ${command} → ${target} has no #! line`);
  }

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const)
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (range.startsWith('workspace:') || range.startsWith('catalog:'))
        problems.push(`${field}.${name} is still ${range}`);

  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  // A module whose source is gone is left over from an earlier build (tsc never deletes what it wrote before).
  const stale = new Map<string, string>();
  for (const [path, body] of files) {
    if (!/^dist\/.*\.js\.map$/.test(path)) continue;
    const sources = (JSON.parse(body.toString('utf8')) as { sources?: string[] }).sources ?? [];
    const missing = sources
      .map((source) => posix.normalize(posix.join(posix.dirname(path), source)))
      .find((resolved) => !resolved.startsWith('..') && !files.has(resolved));
    if (missing) stale.set(path.replace(/\.js\.map$/, ''), missing);
  }
  for (const [module, source] of stale)
    problems.push(`${module}.js is a stale build output (${source} is gone): delete dist/ and build again`);
  const isStale = (path: string) => stale.has(path.replace(/(\.d\.ts|\.js)(\.map)?$/, ''));

  const undeclared = new Map<string, string>();
  for (const [path, body] of files) {
    if (testFile.test(path)) problems.push(`${path} is a test file, test support or a fixture`);
    if (isStale(path)) continue;
    if (path.endsWith('.map')) {
      const sources = (JSON.parse(body.toString('utf8')) as { sources?: string[] }).sources ?? [];
      for (const source of sources) {
        const resolved = posix.normalize(posix.join(posix.dirname(path), source));
        if (resolved.startsWith('..') || posix.isAbsolute(source) || /^[a-z]+:/i.test(source))
          problems.push(`${path} points outside the package (${source})`);
        else if (!files.has(resolved)) problems.push(`${path} points at ${resolved}, which is not in the tarball`);
      }
    }
    if (/\.[cm]?js$|\.d\.[cm]?ts$/.test(path))
      for (const name of importedPackages(body.toString('utf8')))
        if (!declared.has(name) && !undeclared.has(name)) undeclared.set(name, path);
  }
  for (const [name, path] of undeclared) {
    const where = manifest.devDependencies?.[name] ? ' (only in devDependencies)' : '';
    problems.push(`${path} imports ${name}, which is not a dependency or peer dependency${where}`);
  }
  return problems;
}
