import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// The README's first code block is examples/first-example.ts, run here against the sandbox with only its base URL
// and credentials changed (environment variables). The pack check runs the same file from the installed tarballs.
interface FirstExampleSandbox {
  readonly environment: Record<string, string>;
  problems(stdout: string): string[];
  close(): Promise<void>;
}

const example = fileURLToPath(new URL('../examples/first-example.ts', import.meta.url));
// Loaded by URL: examples/ sits outside this package's rootDir (src), so tsc must not follow the import.
const sandboxModule = new URL('../examples/first-example-sandbox.ts', import.meta.url).href;

describe('the README first example', () => {
  it('is examples/first-example.ts, verbatim', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(/```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(readFileSync(example, 'utf8'));
  });

  it('typechecks (examples/tsconfig.json: strict, as a user would compile it)', async () => {
    // The workspace root's TypeScript, as the pack check uses it.
    const tsc = createRequire(new URL('../../../package.json', import.meta.url)).resolve('typescript/bin/tsc');
    const project = fileURLToPath(new URL('../examples/tsconfig.json', import.meta.url));
    const result = await promisify(execFile)(process.execPath, [tsc, '-p', project], { encoding: 'utf8' }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    expect(result.stdout).toBe('');
  });

  it('runs against the sandbox: reads the count with the access token and prints it', async () => {
    const { startFirstExampleSandbox } = (await import(sandboxModule)) as {
      startFirstExampleSandbox(): Promise<FirstExampleSandbox>;
    };
    const sandbox = await startFirstExampleSandbox();
    try {
      // Asynchronous: the sandbox answers from this process while the example runs.
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['--conditions=@stockwire/source', '--no-warnings', example],
        { env: { ...process.env, ...sandbox.environment }, encoding: 'utf8' },
      );
      expect(stderr).toBe('');
      expect(sandbox.problems(stdout)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
