import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishablePackages } from '../../scripts/package-metadata.mjs';
import { tarballProblems } from './check-tarball.ts';
import {
  createConsumerProject,
  install,
  type PackedPackage,
  packAll,
  run,
  runInBackground,
} from './consumer-project.ts';
import { importedPackageNames, privateWorkspacePackages, withPrivateDependencies } from './workspace-tooling.ts';

// The must-show of #22: what `pnpm pack` writes installs and runs outside the workspace. `pnpm test` builds every
// package before vitest, so dist/ exists; run alone, build first (`pnpm exec turbo run build`).
const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const smokeScript = join(dirname(fileURLToPath(import.meta.url)), 'smoke.mjs');
const examplesScript = join(dirname(fileURLToPath(import.meta.url)), 'run-first-examples.mjs');

const configuration = `version: 1
locations:
  - { id: wh-east, kind: warehouse }
skus:
  - { id: MUG }
connections:
  erp:
    connector: file
    locations: { WH01: wh-east }
    settings:
      transport: { kind: folder, path: ./file-inbox }
authority:
  - { connections: [erp], states: '*' }
channels:
  - { id: erp-feed, connection: erp, locations: [wh-east] }
`;

const entries = publishablePackages();
// Packages whose README's first example is examples/first-example.ts, with the sandbox it runs against. A sandbox
// may import a private workspace package (Vendure's starts a real server through @stockwire/vendure-testing, on
// @vendure/testing and sql.js): those are packed too and unpacked into the project (workspace-tooling.ts), and
// the third-party packages the sandbox imports are installed at the ranges its package is tested with.
const withFirstExample = entries.filter(({ folder }) => existsSync(join(folder, 'examples', 'first-example.ts')));
const workspace = privateWorkspacePackages(workspaceRoot);
const sandboxImports = withFirstExample.map(({ folder }) => ({
  folder,
  names: importedPackageNames(join(folder, 'examples', 'first-example-sandbox.ts')),
}));
const sandboxTooling = withPrivateDependencies(
  sandboxImports.flatMap(({ names }) => names.filter((name) => workspace.has(name))),
  workspace,
);
const timings: Record<string, number> = {};
let packDirectory: string;
let packed: PackedPackage[] = [];
let packedTooling: PackedPackage[] = [];
let project: string | undefined;
let installed: ReturnType<typeof install> | undefined;
const firstExampleFolders = withFirstExample.map(({ folder }) => basename(folder));
let firstExamples: ReturnType<typeof runInBackground> | undefined;

function timed<T>(label: string, step: () => T): T {
  const started = performance.now();
  try {
    return step();
  } finally {
    timings[label] = Math.round(performance.now() - started);
  }
}

beforeAll(() => {
  packDirectory = mkdtempSync(join(tmpdir(), 'stockwire-packs-'));
  packed = timed('pack', () =>
    packAll(
      entries.map(({ folder }) => folder),
      packDirectory,
    ),
  );
  packedTooling = timed('pack tooling', () =>
    packAll(
      sandboxTooling.map(({ folder }) => folder),
      packDirectory,
    ),
  );
  const sandboxDependencies: Record<string, string> = {};
  for (const { folder, names } of sandboxImports) {
    const manifest = packed.find((entry) => entry.folder === folder)?.manifest;
    for (const name of names) {
      const range = manifest?.devDependencies?.[name];
      if (!name.startsWith('@stockwire/') && range !== undefined) sandboxDependencies[name] ??= range;
    }
  }
  const store = run('pnpm', ['store', 'path'], { cwd: workspaceRoot }).stdout.trim();
  project = createConsumerProject(packed, workspaceRoot, packedTooling, sandboxDependencies);
  copyFileSync(smokeScript, join(project, 'smoke.mjs'));
  copyFileSync(examplesScript, join(project, 'run-first-examples.mjs'));
  for (const { folder } of withFirstExample) {
    // Only the .ts files: a copied examples/tsconfig.json would point at the workspace's settings.
    cpSync(join(folder, 'examples'), join(project, 'examples', basename(folder)), {
      recursive: true,
      filter: (source) => !source.endsWith('.json'),
    });
  }
  installed = timed('install', () => install(project as string, store));
  // Started now and awaited by its test: Vendure's real server takes most of a minute to start on a loaded
  // machine, so the examples run while the smoke test does rather than inside one test's time.
  if (installed.status === 0) {
    const started = performance.now();
    firstExamples = runInBackground('node', ['run-first-examples.mjs', JSON.stringify(firstExampleFolders)], {
      cwd: project,
      label: 'first-examples',
    }).finally(() => {
      timings['first examples'] = Math.round(performance.now() - started);
    });
  }
}, 150_000);

afterAll(async () => {
  await firstExamples;
  console.info(`pack-check timings (ms): ${JSON.stringify(timings)}`);
  rmSync(packDirectory, { recursive: true, force: true });
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed tarballs (#22)', () => {
  it('are one per publishable package', () => {
    expect(packed.map(({ manifest }) => manifest.name).sort()).toEqual(
      entries.map(({ manifest }) => manifest.name as string).sort(),
    );
  });

  it('depend on no @stockwire package that is not published (a private tooling package, a typo)', () => {
    const published = new Set(packed.map(({ manifest }) => manifest.name));
    const unpublished = packed.flatMap(({ manifest }) =>
      (['dependencies', 'peerDependencies', 'optionalDependencies'] as const).flatMap((field) =>
        Object.keys(manifest[field] ?? {})
          .filter((name) => name.startsWith('@stockwire/') && !published.has(name))
          .map((name) => `${manifest.name} ${field}: ${name}`),
      ),
    );
    expect(unpublished).toEqual([]);
  });

  it("also packs the private packages a first example's sandbox imports (Vendure's server), only to run it", () => {
    expect(packedTooling.filter(({ manifest }) => (manifest as { private?: boolean }).private !== true)).toEqual([]);
    expect(packedTooling.map(({ manifest }) => manifest.name).sort()).toEqual([
      '@stockwire/testing',
      '@stockwire/vendure-testing',
    ]);
  });

  it.for(entries.map(({ manifest }) => manifest.name as string))(
    '%s holds its exports, types, LICENSE and README and no tests, fixtures or stray source maps',
    (name) => {
      const entry = packed.find(({ manifest }) => manifest.name === name) as PackedPackage;
      expect(tarballProblems(entry.files, entry.manifest)).toEqual([]);
    },
  );
});

describe('installed into an empty project outside the workspace (#22)', () => {
  it('installs every tarball, resolving @stockwire/* to the tarballs', { timeout: 30_000 }, () => {
    expect(installed?.error).toBeUndefined();
    expect(installed?.status, `${installed?.stdout}\n${installed?.stderr}`).toBe(0);
  });

  it('imports every package with plain node; each connector is a ConnectorDefinitionV2 that takes minimal settings', {
    timeout: 60_000,
  }, () => {
    const names = packed.map(({ manifest }) => manifest.name);
    const result = timed('smoke', () => run('node', ['smoke.mjs', JSON.stringify(names)], { cwd: project as string }));
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
      problems: string[];
      checked: string[];
    };
    expect(report.problems).toEqual([]);
    expect(report.checked).toHaveLength(names.length);
  });

  it("runs each connector's README first example against its sandbox, importing only the installed tarballs", {
    timeout: 60_000,
  }, async () => {
    const folders = firstExampleFolders;
    expect(folders).toEqual(
      expect.arrayContaining(['connector-file', 'connector-shopify', 'connector-square', 'connector-vendure']),
    );
    expect(firstExamples, 'not started: the install failed').toBeDefined();
    const result = await (firstExamples as NonNullable<typeof firstExamples>);
    expect(result.error).toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as { problems: string[]; ran: string[] };
    expect(report.problems).toEqual([]);
    expect([...report.ran].sort()).toEqual([...folders].sort());
  });

  it('runs the stockwire command: --version and check --config', { timeout: 60_000 }, () => {
    const runner = packed.find(({ manifest }) => manifest.name === '@stockwire/runner') as PackedPackage;
    const bin = join(project as string, 'node_modules', '.bin', 'stockwire');
    const version = run(bin, ['--version'], { cwd: project as string });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(runner.manifest.version);

    writeFileSync(join(project as string, 'stockwire.yaml'), configuration);
    const check = timed('check', () => run(bin, ['check', '--config', 'stockwire.yaml'], { cwd: project as string }));
    expect(check.status, `${check.stdout}\n${check.stderr}`).toBe(0);
  });

  it('gives a TypeScript consumer types for every main export (tsc, nodenext, declarations checked)', {
    timeout: 90_000,
  }, () => {
    const names = packed.map(({ manifest }) => manifest.name);
    writeFileSync(
      join(project as string, 'types.ts'),
      `${names.map((name, index) => `import * as package${index} from '${name}';`).join('\n')}\nexport const all = [${names.map((_, index) => `package${index}`).join(', ')}];\n`,
    );
    const compilerOptions = {
      target: 'es2023',
      lib: ['es2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
    };
    writeFileSync(join(project as string, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['types.ts'] }));
    const tsc = createRequire(join(workspaceRoot, 'package.json')).resolve('typescript/bin/tsc');
    const result = timed('tsc', () => run('node', [tsc, '-p', 'tsconfig.json'], { cwd: project as string }));
    // Third-party declarations (Vendure's, Square's) have errors of their own under skipLibCheck: false; only ours
    // and the consumer's file count.
    const ours = result.stdout
      .split('\n')
      .filter((line) => /error TS/.test(line) && /(^|\/)node_modules\/@stockwire\/|^types\.ts/.test(line));
    expect(ours).toEqual([]);
  });
});
