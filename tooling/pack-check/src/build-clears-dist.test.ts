import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { publishablePackages } from '../../scripts/package-metadata.mjs';

// tsc never deletes what it wrote before: without a clean step, the output of a renamed or deleted source stays in
// dist/ and ships in the tarball (#22). Each build clears dist/ first.
const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cleanStep = 'node ../../tooling/scripts/clean-dist.mjs && ';
const scratchRoots: string[] = [];

afterAll(() => {
  for (const folder of scratchRoots) rmSync(folder, { recursive: true, force: true });
});

describe('package builds', () => {
  it('clear dist/ before tsc in every publishable package', () => {
    const entries = publishablePackages();
    expect(entries.length).toBeGreaterThan(0);
    for (const { folder, manifest } of entries) {
      const build = (manifest.scripts as Record<string, string> | undefined)?.build;
      expect(build, `${folder}: the build script`).toMatch(
        new RegExp(`^${cleanStep.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
    }
  });

  it('remove a stale file left in dist/ when the model is built (a scratch copy, so the workspace dist/ is untouched)', () => {
    // The same layout as the workspace (packages/<name> beside tooling/), so the script's relative paths hold.
    const scratch = mkdtempSync(join(tmpdir(), 'stockwire-build-'));
    scratchRoots.push(scratch);
    const source = join(workspaceRoot, 'packages', 'model');
    const copy = join(scratch, 'packages', 'model');
    mkdirSync(copy, { recursive: true });
    for (const name of ['src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'])
      cpSync(join(source, name), join(copy, name), { recursive: true });
    symlinkSync(join(source, 'node_modules'), join(copy, 'node_modules'), 'junction');
    symlinkSync(join(workspaceRoot, 'tooling'), join(scratch, 'tooling'), 'junction');
    mkdirSync(join(copy, 'dist'));
    writeFileSync(join(copy, 'dist', 'renamed-away.js'), 'export const stale = true;\n');

    const build = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')).scripts.build as string;
    // What `pnpm run build` does: the script in a shell, with the workspace's binaries (tsc) on the PATH.
    const result = spawnSync(build, {
      cwd: copy,
      shell: true,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${join(workspaceRoot, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` },
    });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(existsSync(join(copy, 'dist', 'renamed-away.js'))).toBe(false);
    expect(existsSync(join(copy, 'dist', 'index.js'))).toBe(true);
  }, 120_000);
});
