import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageFolder = fileURLToPath(new URL('..', import.meta.url));

describe('README example', () => {
  it('runs as written and prints what its comment promises', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const result = spawnSync(
      process.execPath,
      ['--conditions=@stockwire/source', '--input-type=module-typescript', '--no-warnings', '-e', code ?? ''],
      { cwd: packageFolder, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe("8 in-stock [ 'sellable', 'buffer' ]");
  });
});
