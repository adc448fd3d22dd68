import { describe, expect, it } from 'vitest';
// The same check `node tooling/scripts/package-metadata.mjs` prints (and `--write` fixes).
import { metadataProblems, publishablePackages } from '../../scripts/package-metadata.mjs';

describe('the publishable packages', () => {
  const packages = publishablePackages();

  it('are all found (packages/* and apps/runner)', () => {
    const names = packages.map((entry) => entry.manifest.name as string);
    expect(names).toContain('@stockwire/model');
    expect(names).toContain('@stockwire/runner');
    expect(names).not.toContain('@stockwire/demo');
  });

  it.each(packages.map((entry) => [entry.manifest.name as string, entry]))(
    '%s carries its license file, repository folder, homepage, bugs and README',
    (_name, entry) => {
      expect(metadataProblems(entry), 'run: node tooling/scripts/package-metadata.mjs --write').toEqual([]);
    },
  );

  it('share one version, which the fixed group in .changeset/config.json keeps shared', () => {
    const versions = new Set(packages.map((entry) => entry.manifest.version as string));
    expect([...versions]).toHaveLength(1);
  });
});
