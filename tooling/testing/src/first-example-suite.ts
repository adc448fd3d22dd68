import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** What a package's examples/first-example-sandbox.ts starts: the sandbox the README's first example runs against. */
interface FirstExampleSandbox {
  readonly environment: Record<string, string>;
  /** Each miss is one line; may be asynchronous (a sandbox that reads back files it parses with the vendor's tool). */
  problems(stdout: string): string[] | Promise<string[]>;
  close(): Promise<void>;
}

const run = promisify(execFile);

/**
 * The suite every connector runs for its README's first code block: it is examples/first-example.ts verbatim, it
 * typechecks as a user would compile it, and it runs against the package's sandbox with only its base URL and
 * credentials changed (environment variables). The pack check runs the same file from the installed tarballs.
 *
 * @param packageRoot the connector package's folder, e.g. `new URL('..', import.meta.url)` from its src/
 * @param runs what the example does against the sandbox, for the test's name
 */
export function describeFirstExample(packageRoot: URL, runs: string): void {
  const example = fileURLToPath(new URL('examples/first-example.ts', packageRoot));
  // Loaded by URL: examples/ sits outside the package's rootDir (src), so tsc must not follow the import.
  const sandboxModule = new URL('examples/first-example-sandbox.ts', packageRoot).href;

  describe('the README first example', () => {
    it('is examples/first-example.ts, verbatim', () => {
      const readme = readFileSync(new URL('README.md', packageRoot), 'utf8');
      expect(/```ts\n([\s\S]*?)```/.exec(readme)?.[1]).toBe(readFileSync(example, 'utf8'));
    });

    it('typechecks (examples/tsconfig.json: strict, as a user would compile it)', async () => {
      // The workspace root's TypeScript, as the pack check uses it.
      const tsc = createRequire(new URL('../../../package.json', import.meta.url)).resolve('typescript/bin/tsc');
      const project = fileURLToPath(new URL('examples/tsconfig.json', packageRoot));
      const result = await run(process.execPath, [tsc, '-p', project], { encoding: 'utf8' }).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout }),
      );
      expect(result.stdout).toBe('');
      // A tsc process of its own: 11–20 s when ten connectors' suites typecheck at once on two loaded cores, so the
      // default 30 s is too close; this is a time limit for the compiler, not an assertion about speed.
    }, 120_000);

    // Started in a hook (60 s), not in the test (30 s): a real server, such as Vendure's, takes most of a test's
    // time to start on a loaded machine.
    let sandbox: FirstExampleSandbox | undefined;
    beforeAll(async () => {
      const { startFirstExampleSandbox } = (await import(sandboxModule)) as {
        startFirstExampleSandbox(): Promise<FirstExampleSandbox>;
      };
      sandbox = await startFirstExampleSandbox();
    });
    afterAll(async () => await sandbox?.close());

    it(`runs against the sandbox: ${runs}`, async () => {
      const started = sandbox as FirstExampleSandbox;
      // Asynchronous: the sandbox answers from this process while the example runs.
      const { stdout, stderr } = await run(
        process.execPath,
        ['--conditions=@stockwire/source', '--no-warnings', example],
        { env: { ...process.env, ...started.environment }, encoding: 'utf8' },
      );
      expect(stderr).toBe('');
      expect(await started.problems(stdout)).toEqual([]);
    });
  });
}
