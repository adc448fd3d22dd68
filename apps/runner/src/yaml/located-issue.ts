/**
 * One problem in an input file, pointing at the YAML node a person has to change. `line` and `column` are
 * 1-based and absent only when the file could not be read at all.
 */
export interface LocatedIssue {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** Where inside the document, e.g. `skus[3].kit.components[0].sku`; empty for the document as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * `FILE:LINE:COLUMN  path  message`: editors and terminals turn the first part into a link. Parts that are not
 * known (no position for an unreadable file, no path for a syntax error) are left out rather than invented.
 */
export function formatLocatedIssue(issue: LocatedIssue): string {
  const place = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}:${issue.column ?? 1}`;
  return issue.path === '' ? `${place}  ${issue.message}` : `${place}  ${issue.path}  ${issue.message}`;
}

/** File order, so a reader can fix problems from top to bottom. */
export function sortLocatedIssues(issues: readonly LocatedIssue[]): LocatedIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}
