import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { findExecutable } from '@stockwire/testing';
import { parseAllDocuments } from 'yaml';

export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const deployFolder = join(repositoryRoot, 'deploy');

export function readRepositoryFile(relativePath: string): Promise<string> {
  return readFile(join(repositoryRoot, relativePath), 'utf8');
}

/** Every document of a YAML file (a `---` separated stream), as plain data; a syntax error fails the test. */
export async function readYamlDocuments(relativePath: string): Promise<unknown[]> {
  const documents = parseAllDocuments(await readRepositoryFile(relativePath));
  return documents.map((document) => {
    if (document.errors.length > 0) throw new Error(`${relativePath}: ${document.errors[0]?.message}`);
    return document.toJS();
  });
}

export interface CommandResult {
  readonly code: number;
  readonly output: string;
}

const execFileAsync = promisify(execFile);

export async function runCommand(command: string, args: readonly string[], cwd: string): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, { cwd, encoding: 'utf8' });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout}${failed.stderr}` };
  }
}

/**
 * Prometheus' own checker. `.ci/provision.sh` installs it (Debian's prometheus package); on a developer machine
 * without it the Prometheus tests say so and skip, and under CI its absence fails them.
 */
export function locatePromtool(): { readonly path: string } | { readonly missing: string } {
  const path = findExecutable('promtool');
  if (path !== undefined) return { path };
  const missing = 'promtool is not installed (apt-get install prometheus, or run .ci/provision.sh)';
  if (process.env.CI) throw new Error(`${missing}: CI must run the Prometheus checks`);
  return { missing };
}
