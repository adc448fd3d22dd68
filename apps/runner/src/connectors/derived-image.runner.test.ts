import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '@stockwire/engine';
import { StockwireConfigurationSchema } from '@stockwire/model';
import { useRedisServer } from '@stockwire/testing';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';

const redis = useRedisServer();
/** The pack-check's own helpers (tooling/pack-check/src/consumer-project.ts), in the shape this test uses. */
interface PackCheckHelpers {
  packAll(folders: readonly string[], destination: string): { readonly tarball: string }[];
  run(
    command: string,
    args: string[],
    options: { cwd: string },
  ): { status: number | null; stdout: string; stderr: string };
}
// Imported by URL: the helpers live outside the runner's rootDir, and a release packs tarballs only through them.
const { packAll, run } = (await import(
  new URL('../../../../tooling/pack-check/src/consumer-project.ts', import.meta.url).href
)) as PackCheckHelpers;
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixturePackage = fileURLToPath(new URL('./__fixtures__/acme-stockwire-connector/', import.meta.url));
const cli = join(workspaceRoot, 'apps/runner/dist/cli.js');

function succeed(result: ReturnType<PackCheckHelpers['run']>, what: string) {
  if (result.status !== 0) throw new Error(`${what} failed (${result.status}):\n${result.stderr}${result.stdout}`);
}

/**
 * What docs/deployment.md's derived image does, without a container engine: the third-party package is packed,
 * then `npm install --omit=dev`ed into a folder of its own (the image's /opt/connectors), with the published
 * @stockwire/connector-spec it imports, packed from this workspace.
 */
let installedEntry: string;
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'stockwire-derived-image-'));
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  const [spec] = packAll([join(workspaceRoot, 'packages/connector-spec')], tarballs);
  if (spec === undefined) throw new Error('connector-spec was not packed');
  const before = new Set(readdirSync(tarballs));
  succeed(run('npm', ['pack', '--pack-destination', tarballs], { cwd: fixturePackage }), 'npm pack of the fixture');
  const acme = readdirSync(tarballs).find((name) => !before.has(name) && name.endsWith('.tgz'));
  if (acme === undefined) throw new Error('npm pack wrote no tarball for the fixture connector');
  const connectors = join(scratch, 'opt/connectors');
  mkdirSync(connectors, { recursive: true });
  succeed(run('npm', ['init', '-y'], { cwd: connectors }), 'npm init');
  // --legacy-peer-deps: the spec's peer @stockwire/model is type-only and the runner image has it; npm must not
  // fetch it (or anything) from the public registry here.
  succeed(
    run(
      'npm',
      ['install', '--omit=dev', '--no-audit', '--no-fund', '--legacy-peer-deps', spec.tarball, join(tarballs, acme)],
      { cwd: connectors },
    ),
    'npm install into the connectors folder',
  );
  installedEntry = join(connectors, 'node_modules/acme-stockwire-connector/index.js');
}, 60_000);

describe('a third-party connector installed as the derived image installs it', () => {
  it('is loaded by its installed path and used: `stockwire reconcile` through it sets our state', async () => {
    const raw = {
      version: 1,
      locations: [{ id: 'dock', kind: 'warehouse' }],
      skus: [{ id: 'SKU-1', aliases: [{ connection: 'acme', value: 'ACME-1' }] }],
      connections: { acme: { connector: installedEntry, locations: { DOCK: 'dock' }, settings: { onHand: 7 } } },
      authority: [{ connections: ['acme'], states: '*' }],
    };
    const configurationFile = join(scratch, 'stockwire.yaml');
    writeFileSync(configurationFile, stringify(raw));
    // This suite's Redis is its own: the runner's default key prefix is safe.
    const keyPrefix = 'stockwire';
    // The built command in a process of its own, without the test's source condition: the runner's
    // @stockwire/connector-spec is the workspace's, the connector's the copy installed beside it, as in the image.
    const reconciled = run(
      process.execPath,
      [cli, 'reconcile', '--connection', 'acme', '--config', configurationFile, '--redis-url', redis.url],
      { cwd: scratch },
    );
    succeed(reconciled, 'stockwire reconcile');
    expect(reconciled.stderr).toContain('page 1: 1 records so far, done');

    const client = new Redis(redis.url);
    try {
      const engine = createEngine({
        redis: client,
        configuration: StockwireConfigurationSchema.parse(raw),
        options: { keyPrefix },
      });
      expect(await engine.quantities('SKU-1', 'dock')).toMatchObject({ onHand: 7 });
    } finally {
      client.disconnect();
    }
  });
});
