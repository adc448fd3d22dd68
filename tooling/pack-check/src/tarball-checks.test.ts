import { describe, expect, it } from 'vitest';
import { exportTargets, importedPackages, tarballProblems } from './check-tarball.ts';

const manifest = {
  name: '@stockwire/example',
  version: '1.0.0',
  exports: { '.': { types: './dist/index.d.ts', '@stockwire/source': './src/index.ts', default: './dist/index.js' } },
  dependencies: { zod: '^4.0.0' },
  devDependencies: { vitest: '5.1.0' },
};
const good = () =>
  new Map<string, Buffer>([
    ['package.json', Buffer.from('{}')],
    ['LICENSE', Buffer.from('Apache')],
    ['README.md', Buffer.from('# example')],
    [
      'dist/index.js',
      Buffer.from("import { z } from 'zod';\nimport { readFile } from 'node:fs';\nexport const a = 1;"),
    ],
    ['dist/index.d.ts', Buffer.from('export declare const a = 1;')],
    ['dist/index.js.map', Buffer.from(JSON.stringify({ sources: ['../src/index.ts'] }))],
    ['src/index.ts', Buffer.from('export const a = 1;')],
  ]);

describe('tarballProblems', () => {
  it('finds nothing wrong with a complete package', () => {
    expect(tarballProblems(good(), manifest)).toEqual([]);
  });

  it('names a missing LICENSE, a missing export target and a dev-only import', () => {
    const files = good();
    files.delete('LICENSE');
    files.delete('dist/index.d.ts');
    files.set('dist/extra.js', Buffer.from("export { it } from 'vitest';\nconst m = await import('left-pad');"));
    expect(tarballProblems(files, manifest)).toEqual([
      'LICENSE is not in the tarball',
      'exports["."].types → ./dist/index.d.ts is not in the tarball',
      'dist/extra.js imports vitest, which is not a dependency or peer dependency (only in devDependencies)',
      'dist/extra.js imports left-pad, which is not a dependency or peer dependency',
    ]);
  });

  it('names shipped tests and fixtures, stale build outputs, and source maps that leave the package or point at unshipped files', () => {
    const files = good();
    files.set('dist/a.test.js', Buffer.from(''));
    files.set('src/__fixtures__/x.csv', Buffer.from(''));
    files.set('dist/test-support/h.js', Buffer.from(''));
    files.set('dist/b.js.map', Buffer.from(JSON.stringify({ sources: ['../../../tooling/testing/src/b.ts'] })));
    files.set('dist/c.js', Buffer.from("import 'left-pad';"));
    files.set('dist/c.js.map', Buffer.from(JSON.stringify({ sources: ['../src/c.ts'] })));
    files.set('dist/c.d.ts.map', Buffer.from(JSON.stringify({ sources: ['../src/c.ts'] })));
    files.set('dist/d.d.ts.map', Buffer.from(JSON.stringify({ sources: ['../src/gone.ts'] })));
    expect(tarballProblems(files, manifest)).toEqual([
      'dist/c.js is a stale build output (src/c.ts is gone): delete dist/ and build again',
      'dist/a.test.js is a test file, test support or a fixture',
      'src/__fixtures__/x.csv is a test file, test support or a fixture',
      'dist/test-support/h.js is a test file, test support or a fixture',
      'dist/b.js.map points outside the package (../../../tooling/testing/src/b.ts)',
      'dist/d.d.ts.map points at src/gone.ts, which is not in the tarball',
    ]);
  });

  it('names workspace: and catalog: ranges left in and a bin without its file', () => {
    const problems = tarballProblems(good(), {
      ...manifest,
      bin: { tool: './dist/cli.js' },
      dependencies: { zod: 'catalog:', '@stockwire/model': 'workspace:^' },
    });
    expect(problems).toEqual([
      'bin tool → ./dist/cli.js is not in the tarball',
      'dependencies.zod is still catalog:',
      'dependencies.@stockwire/model is still workspace:^',
    ]);
  });
});

describe('exportTargets and importedPackages', () => {
  it('walks conditions and subpaths', () => {
    expect(exportTargets({ '.': { types: './a.d.ts', default: './a.js' }, './b': './b.js' })).toEqual([
      { subpath: '.', condition: 'types', target: './a.d.ts' },
      { subpath: '.', condition: 'default', target: './a.js' },
      { subpath: './b', condition: '', target: './b.js' },
    ]);
  });

  it('reads static, re-export, side-effect and dynamic imports and skips relative and built-in ones', () => {
    const source =
      "import a from 'zod/v4';\nexport * from '@scope/pkg/deep';\nimport 'side';\nimport('dyn');\nimport x from './x.js';\nimport fs from 'fs';";
    expect([...importedPackages(source)]).toEqual(['zod', '@scope/pkg', 'side', 'dyn']);
  });
});
