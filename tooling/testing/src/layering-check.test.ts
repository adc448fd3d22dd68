import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CommandResult,
  createScratchWorkspace,
  repositoryRoot,
  runNode,
  type ScratchWorkspace,
} from './scratch-workspace.test-helpers.ts';

/** Copying the workspace and two whole-workspace cruises take seconds; a hang must still end the run. */
const timeout = 120_000;
const checkScript = join(repositoryRoot, 'tooling/layering/check-layering.mjs');

let workspace: ScratchWorkspace;

function checkLayering(): Promise<CommandResult> {
  return runNode([checkScript, '--root', workspace.root], repositoryRoot);
}

/** The lines naming violations (`✗ file: what`), each followed by its rule in words. */
function violationLines(output: string): string[] {
  return output.split('\n').filter((line) => line.startsWith('✗ '));
}

describe('the layering check (tooling/layering/check-layering.mjs, a step of pnpm test)', () => {
  beforeAll(async () => {
    workspace = await createScratchWorkspace();
    for (const group of ['packages', 'apps']) {
      for (const entry of readdirSync(join(repositoryRoot, group))) {
        if (existsSync(join(repositoryRoot, group, entry, 'package.json'))) {
          await workspace.copyPackage(`${group}/${entry}`);
        }
      }
    }
  }, timeout);
  afterAll(async () => await workspace?.remove(), timeout);

  it(
    'passes on an untouched copy of the workspace',
    async () => {
      const result = await checkLayering();
      expect(violationLines(result.output), result.output).toEqual([]);
      expect(result.output).toContain('layering: 0 violations');
      expect(result.code, result.output).toBe(0);
    },
    timeout,
  );

  it(
    'fails on planted upward imports, naming each file, its import and the rule it breaks',
    async () => {
      const plant = (path: string, source: string) => writeFile(join(workspace.root, path), source);
      // By package name, undeclared (so unresolvable), and by relative path into another package's sources.
      await plant(
        'packages/engine/src/planted-kit-import.ts',
        "import * as kit from '@stockwire/connector-kit';\nexport const planted = kit;\n",
      );
      await plant(
        'packages/connector-file/src/planted-shopify-import.ts',
        "import * as shopify from '../../connector-shopify/src/index.ts';\nexport const planted = shopify;\n",
      );
      await plant(
        'packages/connector-spec/src/planted-runtime-import.ts',
        "import { z } from 'zod';\nexport const planted = z.string();\n",
      );
      // config → runtime closes a new folder cycle (runtime → alerts → config already exists).
      await plant(
        'apps/runner/src/config/planted-cycle.ts',
        "import { createRunner } from '../runtime/create-runner.ts';\nexport const planted = createRunner;\n",
      );
      const engineManifest = join(workspace.root, 'packages/engine/package.json');
      const manifest = JSON.parse(await readFile(engineManifest, 'utf8'));
      await writeFile(
        engineManifest,
        JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, bullmq: '6.7.0' } }),
      );

      const result = await checkLayering();
      const output = result.output;
      expect(result.code, output).toBe(1);
      expect(output).toContain(
        "✗ packages/engine/src/planted-kit-import.ts: import '@stockwire/connector-kit'\n    engine-not-to-kit-or-connectors: The engine never imports the connector kit",
      );
      expect(output).toContain(
        "✗ packages/connector-file/src/planted-shopify-import.ts: import '../../connector-shopify/src/index.ts' (packages/connector-shopify/src/index.ts)\n    connector-not-to-other-connector: A connector package covers one system",
      );
      expect(output).toContain("✗ packages/connector-spec/src/planted-runtime-import.ts: import 'zod'");
      expect(output).toMatch(/spec-no-runtime-import: The connector spec has no runtime dependencies/);
      expect(output).toContain(
        "✗ packages/engine/package.json: dependencies lists 'bullmq'\n    engine-manifest: The engine never depends on a queue",
      );
      expect(output).toMatch(
        /✗ apps\/runner\/src: folder cycle (\S+ → )*config → runtime( → \S+)* \(inside apps\/runner\/src\):\n(.*\n)*?\s+config → runtime: apps\/runner\/src\/config\/planted-cycle\.ts imports '\.\.\/runtime\/create-runner\.ts'/,
      );
      expect(output).toMatch(/runner-folders-no-cycle: The runner's folders/);

      // Nothing else: the import and manifest violations are exactly the planted ones, and every new cycle goes
      // through the planted import (a cycle is written as the loop it forms, so the planted edge appears in it).
      const lines = violationLines(output);
      const cycleLines = lines.filter((line) => line.startsWith('✗ apps/runner/src: folder cycle '));
      expect(cycleLines.length, output).toBeGreaterThan(0);
      for (const line of cycleLines) expect(line).toContain(' config → runtime ');
      expect(lines.filter((line) => !cycleLines.includes(line)).sort()).toEqual(
        [
          "✗ packages/connector-file/src/planted-shopify-import.ts: import '../../connector-shopify/src/index.ts' (packages/connector-shopify/src/index.ts)",
          "✗ packages/connector-spec/src/planted-runtime-import.ts: import 'zod'",
          "✗ packages/engine/src/planted-kit-import.ts: import '@stockwire/connector-kit'",
          "✗ packages/engine/package.json: dependencies lists 'bullmq'",
        ].sort(),
      );
    },
    timeout,
  );
});
