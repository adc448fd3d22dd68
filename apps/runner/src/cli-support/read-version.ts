import { readFileSync } from 'node:fs';

/**
 * The runner's version from its package.json, read at run time: the file sits two levels up from both
 * `src/cli-support/` and `dist/cli-support/`, and importing it would put it outside the compiled `rootDir`.
 */
export function readVersion(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof packageJson.version === 'string' ? packageJson.version : '0.0.0';
}
