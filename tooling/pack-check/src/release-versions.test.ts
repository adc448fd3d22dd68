import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { publishablePackages } from '../../scripts/package-metadata.mjs';
import { run } from './consumer-project.ts';

// Connectors take the kit, spec and model as peers (#22). Changesets 2 bumped every dependent of a peer a MAJOR when
// the peer got a minor; a downgrade, a config change or a 0.x caret range (^0.1.0 excludes 0.2.0) could bring that
// back and publish every connector as a breaking release. This runs the real `changeset version` over a scratch copy
// of the workspace's manifests with one minor changeset for the kit, and reads the versions it writes.
const workspaceRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const changesetBin = createRequire(join(workspaceRoot, 'package.json')).resolve('@changesets/cli/bin.js');
const scratch = mkdtempSync(join(tmpdir(), 'stockwire-release-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function nextMinor(version: string): string {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${(minor as number) + 1}.0`;
}

/** Root manifest, workspace file, changesets config and every workspace package's manifest: all `version` reads. */
function copyManifests(): void {
  for (const file of ['package.json', 'pnpm-workspace.yaml', join('.changeset', 'config.json')]) {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(workspaceRoot, file), join(scratch, file));
  }
  for (const group of ['packages', 'apps', 'tooling']) {
    for (const folder of readdirSync(join(workspaceRoot, group))) {
      const manifest = join(group, folder, 'package.json');
      try {
        cpSync(join(workspaceRoot, manifest), join(scratch, manifest));
      } catch {
        // A folder without a manifest (left over from a build) is not a workspace package.
      }
    }
  }
}

function versionAfter(folder: string): { version: string; peerDependencies: Record<string, string> } {
  const relative = folder.slice(workspaceRoot.length + 1);
  return JSON.parse(readFileSync(join(scratch, relative, 'package.json'), 'utf8'));
}

describe('changeset version with one minor changeset for @stockwire/connector-kit (#22)', () => {
  it('releases every publishable package a minor, together, and leaves the workspace:^ peer ranges', () => {
    copyManifests();
    writeFileSync(
      join(scratch, '.changeset', 'kit-minor.md'),
      "---\n'@stockwire/connector-kit': minor\n---\n\nA new helper.\n",
    );
    const result = run('node', [changesetBin, 'version'], { cwd: scratch });
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);

    const packages = publishablePackages();
    const before = packages.find(({ manifest }) => manifest.name === '@stockwire/connector-kit')?.manifest
      .version as string;
    const after = Object.fromEntries(
      packages.map(({ folder, manifest }) => [manifest.name as string, versionAfter(folder).version]),
    );
    // The fixed group in .changeset/config.json moves them as one; a peer's minor must not make anything major.
    expect(after).toEqual(Object.fromEntries(Object.keys(after).map((name) => [name, nextMinor(before)])));

    const peersOf = (manifest: Record<string, unknown>) => (manifest.peerDependencies ?? {}) as Record<string, string>;
    const connectors = packages.filter(({ manifest }) => Object.hasOwn(peersOf(manifest), '@stockwire/connector-kit'));
    expect(connectors.length).toBeGreaterThan(0);
    for (const { folder, manifest } of connectors) {
      expect(versionAfter(folder).peerDependencies, manifest.name as string).toEqual(peersOf(manifest));
    }
  });
});
