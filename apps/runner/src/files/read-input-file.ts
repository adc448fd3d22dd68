import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LocatedIssue } from '../yaml/located-issue.ts';

export type InputFileText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly issue: LocatedIssue };

/**
 * Reads a file named on the command line or in code. A failure is an issue naming the path as given and the
 * absolute path looked at: "not found" is mostly a question of which directory the command ran in.
 */
export async function readInputFile(file: string, cwd: string = process.cwd()): Promise<InputFileText> {
  const absolute = resolve(cwd, file);
  try {
    return { ok: true, text: await readFile(absolute, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? `file not found (looked for ${absolute})`
        : code === 'EISDIR'
          ? `is a directory, not a file (${absolute})`
          : code === 'EACCES'
            ? `cannot be read: permission denied (${absolute})`
            : `cannot be read: ${(error as Error).message}`;
    return { ok: false, issue: { file, path: '', message: reason } };
  }
}
