import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useRedisServer } from '@stockwire/testing';
import { describe, expect, it } from 'vitest';

const server = useRedisServer();
const packageFolder = fileURLToPath(new URL('..', import.meta.url));

describe('README example', () => {
  it('runs as written against a real Redis and prints what its comments promise', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const result = spawnSync(
      process.execPath,
      ['--conditions=@stockwire/source', '--input-type=module-typescript', '--no-warnings', '-e', code],
      { cwd: packageFolder, encoding: 'utf8', env: { ...process.env, REDIS_URL: server.url } },
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual([
      "[ 'applied', 'duplicate' ] [ 'shop' ]",
      "[ 'TSHIRT-BLK-M at wh-east: 8' ]",
      '1 false',
    ]);
  });
});
