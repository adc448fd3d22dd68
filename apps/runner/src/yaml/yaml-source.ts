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
        ...at(unclosedFlowCollection.test(error.message) ? endOfPreviousContent(text, error.pos[0]) : error.pos[0]),
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

/**
 * A YamlSource for text already read and validated as a value (`readYamlValue`), whose document with positions is
 * parsed only when first asked for, to locate an issue: a configuration whose connector settings are all valid
 * never builds it.
 */
export function deferredYamlSource(text: string, file: string): YamlSource {
  let parsed: { document: Document.Parsed; lineCounter: LineCounter; value?: unknown } | undefined;
  const located = () => {
    if (parsed === undefined) {
      const lineCounter = new LineCounter();
      parsed = { document: parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter };
    }
    return parsed;
  };
  return {
    file,
    get document() {
      return located().document;
    },
    get lineCounter() {
      return located().lineCounter;
    },
    get value() {
      const source = located();
      if (!('value' in source)) source.value = source.document.toJS();
      return source.value;
    },
  };
}

/**
 * An unclosed `[` or `{` is noticed only at the next token, at the start of a later line (or past the end of the
 * file), so the parser's offset names the line after the mistake. The `]` or `}` belongs after the last thing
 * written before it.
 */
const unclosedFlowCollection = /^Flow (sequence|map) in block collection must be sufficiently indented and end with a/;

/** Offset just after the last character written before `offset`, skipping blank lines and comments. */
function endOfPreviousContent(text: string, offset: number): number {
  let lineEnd = text.lastIndexOf('\n', offset - 1);
  while (lineEnd >= 0) {
    const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
    const line = text.slice(lineStart, lineEnd);
    // A comment starts at a # after whitespace; inside the unclosed collection there is no string to mistake it for
    // except a quoted one, where pointing at the right line is still what matters.
    const content = line.replace(/(^|\s)#.*$/, '').trimEnd();
    if (content.trim() !== '') return lineStart + content.length;
    lineEnd = lineStart - 1;
  }
  return offset;
}
