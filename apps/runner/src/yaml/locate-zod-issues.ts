import { isScalar } from 'yaml';
import type { z } from 'zod';
import { formatPath } from './format-path.ts';
import { locatePath } from './locate-path.ts';
import type { LocatedIssue } from './located-issue.ts';
import type { YamlSource } from './yaml-source.ts';

/**
 * Turns zod's issues into issues a person can act on: each with the file, line and column of the YAML node it
 * is about, a readable path, and a message that says what to write instead where zod's own is terse.
 * `pathPrefix` places issues of a schema that validated only part of the document.
 */
export function locateZodIssues(
  source: YamlSource,
  issues: readonly z.core.$ZodIssue[],
  pathPrefix: readonly PropertyKey[] = [],
): LocatedIssue[] {
  const located: LocatedIssue[] = [];
  for (const issue of issues) {
    const path = [...pathPrefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      // One issue per unknown key, pointing at the key itself: that is the word to fix or delete.
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        located.push(at(source, keyPath, locatePath(source, keyPath, 'key'), `unknown field "${key}"`));
      }
      continue;
    }
    const position = locatePath(source, path);
    located.push(at(source, path, position, describe(source, issue, path, position.exact)));
  }
  return located;
}

function at(
  source: YamlSource,
  path: readonly PropertyKey[],
  position: { line: number; column: number },
  message: string,
): LocatedIssue {
  return { file: source.file, line: position.line, column: position.column, path: formatPath(path), message };
}

function describe(source: YamlSource, issue: z.core.$ZodIssue, path: readonly PropertyKey[], exact: boolean): string {
  if (issue.code === 'invalid_type' && path.length === 0 && source.document.contents === null) {
    return `the file is empty (expected ${issue.expected === 'object' ? 'a mapping of fields' : issue.expected})`;
  }
  if (issue.code === 'invalid_type' && !exact) return `required, but missing (expected ${issue.expected})`;
  if (issue.code === 'invalid_type' && issue.expected === 'string') {
    // YAML reads 1042 or 2024-01 as numbers; ERP item numbers are the usual victims.
    const node = source.document.getIn(path as Iterable<unknown>, true);
    if (isScalar(node) && typeof node.value === 'number') {
      return `${issue.message}; write it in quotes ("${String(node.source ?? node.value)}") so YAML reads it as text`;
    }
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // zod says only "Invalid input"; list what each accepted form expected instead.
    const expectations = issue.errors.map((branch) => branch[0]?.message.replace(/^Invalid input: /, '') ?? '');
    return `none of the accepted forms matched: ${[...new Set(expectations)].filter(Boolean).join('; or ')}`;
  }
  return issue.message;
}
