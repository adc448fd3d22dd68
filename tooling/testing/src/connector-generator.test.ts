import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CommandResult,
  createScratchWorkspace,
  repositoryRoot,
  resolveFromRoot,
  runNode,
  type ScratchWorkspace,
} from './scratch-workspace.test-helpers.ts';

const name = 'zz-conformance';
const displayName = 'ZZ Conformance';
const packageName = `@stockwire/connector-${name}`;
const packageFolder = `packages/connector-${name}`;
/** Generating, three tsc builds and a nested vitest run take seconds each; a hang must still end the run. */
const timeout = 180_000;

/** The workspace packages a connector depends on: copied into the scratch workspace and built there first. */
const connectorDependencies = ['packages/model', 'packages/connector-spec', 'packages/connector-kit'];
/** Where the generated package's third-party dependencies (zod, vitest, @types/node) are already installed. */
const installedSources = ['packages/connector-kit', 'packages/model'];

let workspace: ScratchWorkspace;
const generated = (...path: string[]) => join(workspace.root, packageFolder, ...path);

function expectSuccess(result: CommandResult, what: string, details = ''): void {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}:\n${result.output}${details}`);
}

describe('the connector generator (turbo gen connector)', () => {
  beforeAll(async () => {
    workspace = await createScratchWorkspace();
    for (const path of connectorDependencies) await workspace.copyPackage(path);
  }, timeout);
  afterAll(async () => await workspace?.remove(), timeout);

  it(
    'is configured in TypeScript that typechecks under the strict settings',
    async () => {
      const tsc = resolveFromRoot('typescript/bin/tsc');
      const result = await runNode([tsc, '-p', 'turbo/generators/tsconfig.json'], repositoryRoot);
      expectSuccess(result, 'tsc -p turbo/generators/tsconfig.json');
    },
    timeout,
  );

  it(
    'scaffolds a connector package and its changeset from --args, without prompting',
    async () => {
      // `pnpm turbo gen connector --args …` hands exactly this to @turbo/gen (`raw run --json …`). Calling the
      // installed @turbo/gen runs the same generator without turbo fetching a copy of it over the network.
      const request = { generator_name: 'connector', root: workspace.root, args: [name, displayName] };
      const generator = resolveFromRoot('@turbo/gen/dist/cli.js');
      const result = await runNode([generator, 'raw', 'run', '--json', JSON.stringify(request)], workspace.root);
      expectSuccess(result, 'turbo gen connector');

      for (const file of [
        'README.md',
        'tsconfig.json',
        'tsconfig.build.json',
        'vitest.config.ts',
        'src/index.ts',
        `src/${name}-connector.ts`,
        `src/${name}-settings.ts`,
        `src/${name}-errors.ts`,
        `src/${name}-rate-limits.ts`,
        `src/map-${name}-inventory.ts`,
        'src/sandbox/index.ts',
        `src/${name}-connector.test.ts`,
        'src/conformance.test.ts',
      ]) {
        expect(existsSync(generated(file)), file).toBe(true);
      }
      const manifest = JSON.parse(await readFile(generated('package.json'), 'utf8'));
      // Every Stockwire package shares one version (the changesets fixed group), so a new one starts at the model's.
      const shared = JSON.parse(await readFile(join(repositoryRoot, 'packages', 'model', 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({
        name: packageName,
        version: shared.version,
        repository: { type: 'git', directory: packageFolder },
        type: 'module',
        // The Stockwire packages are peers, so a project with two connectors holds one kit, spec and model;
        // the workspace links them through devDependencies.
        devDependencies: {
          '@stockwire/connector-kit': 'workspace:^',
          '@stockwire/connector-spec': 'workspace:^',
          '@stockwire/model': 'workspace:^',
        },
        peerDependencies: {
          '@stockwire/connector-kit': 'workspace:^',
          '@stockwire/connector-spec': 'workspace:^',
          '@stockwire/model': 'workspace:^',
          zod: 'catalog:',
        },
      });
      expect(manifest.dependencies, 'no runtime dependency of its own').toBeUndefined();
      expect(existsSync(generated('LICENSE')), 'LICENSE').toBe(true);
      expect(Object.keys(manifest.exports)).toEqual(['.', './sandbox']);
      expect(Object.keys(manifest.exports['.'])).toEqual(['types', '@stockwire/source', 'default']);
      const changeset = await readFile(join(workspace.root, '.changeset', `${name}-connector.md`), 'utf8');
      expect(changeset).toMatch(new RegExp(`^---\\n"${packageName}": minor\\n---\\n\\n\\S`));

      await workspace.linkDependencies(packageFolder, installedSources);
    },
    timeout,
  );

  it(
    'builds with tsc once its workspace dependencies are built, in the order turbo runs them',
    async () => {
      const tsc = resolveFromRoot('typescript/bin/tsc');
      for (const path of [...connectorDependencies, packageFolder]) {
        const result = await runNode([tsc, '-p', 'tsconfig.build.json'], join(workspace.root, path));
        expectSuccess(result, `tsc -p tsconfig.build.json in ${path}`);
      }
      for (const output of ['index.js', 'index.d.ts', 'sandbox/index.js', 'sandbox/index.d.ts']) {
        expect(existsSync(generated('dist', output)), output).toBe(true);
      }
    },
    timeout,
  );

  it(
    'typechecks with its tests under the strict settings and passes biome',
    async () => {
      const tsc = resolveFromRoot('typescript/bin/tsc');
      expectSuccess(await runNode([tsc, '-p', 'tsconfig.json', '--noEmit'], generated()), 'tsc --noEmit');
      const biome = resolveFromRoot('@biomejs/biome/bin/biome');
      expectSuccess(await runNode([biome, 'check', packageFolder], workspace.root), 'biome check');
    },
    timeout,
  );

  it(
    'passes its own tests and the ConnectorV2 conformance suite against its sandbox',
    async () => {
      const vitest = generated('node_modules', 'vitest', 'vitest.mjs');
      const reportPath = join(workspace.root, 'vitest-report.json');
      const result = await runNode(
        [vitest, 'run', '--root', generated(), '--reporter=json', `--outputFile=${reportPath}`],
        generated(),
      );
      const report = existsSync(reportPath)
        ? (JSON.parse(await readFile(reportPath, 'utf8')) as VitestJsonReport)
        : undefined;
      expectSuccess(result, 'vitest run', report === undefined ? '' : describeFailures(report));
      if (report === undefined) throw new Error('vitest wrote no report');

      const tests = report.testResults.flatMap((file) => file.assertionResults);
      expect(report.numFailedTests).toBe(0);
      expect(tests.filter((test) => test.status !== 'passed')).toEqual([]);
      const conformance = tests.filter((test) =>
        test.ancestorTitles.some((title) => title.endsWith(' conforms to ConnectorV2')),
      );
      // One check per group entry: capabilities, four snapshot checks (one of units), four push checks (repeated
      // pushes and units among them), a 429 storm, connection faults, a vendor that hangs.
      expect(conformance.map((test) => test.ancestorTitles.at(-1)).sort()).toEqual([
        'capabilities',
        'faults',
        'faults',
        'faults',
        'push',
        'push',
        'push',
        'push',
        'snapshot',
        'snapshot',
        'snapshot',
        'snapshot',
      ]);
      expect(tests.length - conformance.length).toBeGreaterThanOrEqual(2);
    },
    timeout,
  );

  it(
    'runs the example its README starts with, printing what the README says',
    async () => {
      const readme = await readFile(generated('README.md'), 'utf8');
      const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
      const printed = /console\.log\([\s\S]*?\n\/\/ (.+)\n/.exec(example)?.[1];
      expect(printed).toBeDefined();
      await writeFile(generated('readme-example.ts'), example);
      const result = await runNode(['--conditions=@stockwire/source', 'readme-example.ts'], generated());
      expectSuccess(result, 'the README example');
      expect(result.output.trim()).toBe(printed);
    },
    timeout,
  );
});

/** The parts of vitest's `--reporter=json` output this test reads. */
interface VitestJsonReport {
  readonly numFailedTests: number;
  readonly testResults: readonly {
    readonly name: string;
    readonly message?: string;
    readonly assertionResults: readonly {
      readonly ancestorTitles: readonly string[];
      readonly title: string;
      readonly status: string;
      readonly failureMessages?: readonly string[];
    }[];
  }[];
}

function describeFailures(report: VitestJsonReport): string {
  const lines = report.testResults.flatMap((file) => [
    ...(file.message ? [`${file.name}: ${file.message}`] : []),
    ...file.assertionResults
      .filter((test) => test.status === 'failed')
      .map((test) => `${[...test.ancestorTitles, test.title].join(' > ')}: ${test.failureMessages?.join('\n') ?? ''}`),
  ]);
  return lines.length === 0 ? '' : `\nfailures:\n${lines.join('\n')}`;
}
