import { StringDecoder } from 'node:string_decoder';

/** One line of a text file without its line end, numbered from 1. */
export interface TextLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Splits UTF-8 text into lines as it arrives (CRLF or LF, an optional byte order mark), so a JSON Lines file is
 * never held whole. A character split across two chunks is decoded once both are in.
 */
export async function* readTextLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<TextLine> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let line = 0;
  let first = true;
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && pending.length > 0) {
      if (pending.startsWith('\uFEFF')) pending = pending.slice(1);
      first = false;
    }
    let end = pending.indexOf('\n');
    while (end !== -1) {
      line++;
      yield { line, text: pending.slice(0, end).replace(/\r$/, '') };
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  pending += decoder.end();
  if (first && pending.startsWith('\uFEFF')) pending = pending.slice(1);
  if (pending.length > 0) yield { line: line + 1, text: pending.replace(/\r$/, '') };
}
