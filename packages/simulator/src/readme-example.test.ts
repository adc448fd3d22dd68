import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageFolder = fileURLToPath(new URL('..', import.meta.url));

describe('README example', () => {
  it('runs as written and prints the table and the JSON report', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const result = spawnSync(
      process.execPath,
      ['--conditions=@stockwire/source', '--input-type=module-typescript', '--no-warnings', '-e', code],
      { cwd: packageFolder, encoding: 'utf8' },
    );
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Scenario flash-sale \(seed 1\)/);
    expect(lines.some((line) => line.startsWith('stockwire (dynamic buffer'))).toBe(true);
    const report = JSON.parse(lines.at(-1) ?? '{}');
    expect(report.systems).toHaveLength(6);
  });
});
