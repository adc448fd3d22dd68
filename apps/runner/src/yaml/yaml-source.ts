import { type Document, LineCounter, parseDocument } from 'yaml';
import type { LocatedIssue } from './located-issue.ts';

/** A parsed YAML (or JSON) file that still knows where each of its nodes was written. */
export interface YamlSource {
  readonly file: string;
  readonly document: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The plain JavaScript value, ready for a zod schema. */
  readonly value: unknown;
}

export type YamlSourceResult =
  | { readonly ok: true; readonly source: YamlSource }
  | { readonly ok: false; readonly issues: LocatedIssue[] };

/**
 * Parses YAML keeping node offsets, so later validation errors can name a line and column. JSON parses too,
 * being YAML. Syntax errors come back as issues (all of them, not only the first), never as a thrown error.
 */
export function parseYamlSource(text: string, file: string): YamlSourceResult {
  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one line and we add the position ourselves, in our own format.
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col };
  };
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => ({
        ...at(error.pos[0]),
        path: '',
        message: `YAML syntax: ${error.message}`,
      })),
    };
  }
  try {
    return { ok: true, source: { file, document, lineCounter, value: document.toJS() } };
  } catch (error) {
    // toJS refuses documents whose aliases expand too far (a "billion laughs" file); say so rather than crash.
    return {
      ok: false,
      issues: [{ ...at(0), path: '', message: `YAML could not be read: ${(error as Error).message}` }],
    };
  }
}
