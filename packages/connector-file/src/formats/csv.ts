import { type CsvError, parse } from 'csv-parse';
import type { CsvDialect } from '../file-settings.ts';

/** One CSV record and the line it starts on (1-based), so errors can point at the line a person sees. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

/** A record, or a line csv-parse could not read (bad quoting); the records after it still come. */
export type CsvItem = { readonly record: CsvRecord } | { readonly problem: LineProblem };

/** The RFC 4180 dialect, for callers without settings (the sandbox, tests). */
export const standardCsvDialect: CsvDialect = { delimiter: ',', quote: '"' };

/**
 * Reads CSV with csv-parse as it arrives (chunks of any size), in the given dialect: fields optionally quoted (a
 * doubled quote inside is one quote, and a quoted field may span lines), CRLF or LF line ends, an optional UTF-8
 * byte order mark, entirely empty lines skipped. A record csv-parse cannot read is a problem on its line, and
 * parsing goes on with the next record, so one bad line never hides the others.
 */
export async function* readCsvRecords(
  source: AsyncIterable<Buffer | string>,
  dialect: CsvDialect,
): AsyncGenerator<CsvItem> {
  const skipped: LineProblem[] = [];
  // Where the parser's last good record ended: an unclosed quote is only noticed at the end of the file, so its
  // line is the one after that (empty lines aside), not the file's last.
  let lastRecordEnd = 0;
  const parser = parse({
    delimiter: dialect.delimiter,
    quote: dialect.quote === false ? null : dialect.quote,
    // A quote inside a quoted field is written doubled (RFC 4180), whatever the quote character is.
    escape: dialect.quote === false ? null : dialect.quote,
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    record_delimiter: ['\r\n', '\n'],
    on_record: (record, context) => {
      lastRecordEnd = context.lines;
      return record;
    },
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    const line = error.code === 'CSV_QUOTE_NOT_CLOSED' ? lastRecordEnd + 1 : (error.lines ?? 0);
    skipped.push({ line, message: describeCsvError(error) });
  });
  // Feeding runs beside the reading loop; backpressure comes from the parser's buffer through `write`'s promise.
  const feeding = feed(source, parser);
  // Handled here too: a reader that stops early (and closes the file under the feeder) must not leave it unhandled.
  feeding.catch(() => undefined);
  try {
    for await (const { info, record } of parser as AsyncIterable<{ info: { lines: number }; record: string[] }>) {
      // csv-parse counts lines up to the record's end; a quoted field spanning lines started that many lines earlier.
      const line = info.lines - lineBreaksIn(record);
      // The parser reads ahead of this loop, so problems further down may already be known: keep line order.
      yield* drain(skipped, line);
      yield { record: { line, fields: record } };
    }
    yield* drain(skipped, Number.POSITIVE_INFINITY);
  } finally {
    parser.destroy();
    await feeding.catch(() => undefined);
  }
  await feeding;
}

async function feed(source: AsyncIterable<Buffer | string>, parser: ReturnType<typeof parse>): Promise<void> {
  try {
    for await (const chunk of source) {
      if (parser.destroyed) return;
      if (!parser.write(chunk)) await drainedOrClosed(parser);
    }
    parser.end();
  } catch (error) {
    parser.destroy(error as Error);
    throw error;
  }
}

/**
 * Waits until the parser takes more, or is destroyed: a reader that stops early (a page full before the end of the
 * file) destroys it while the feeder waits, and a destroyed parser never drains.
 */
async function drainedOrClosed(parser: ReturnType<typeof parse>): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = () => {
      parser.off('drain', done);
      parser.off('close', done);
      resolve();
    };
    parser.on('drain', done);
    parser.on('close', done);
  });
}

/** Yields, in line order, the problems found before `line`. */
function* drain(problems: LineProblem[], line: number): Generator<CsvItem> {
  problems.sort((left, right) => left.line - right.line);
  while (problems.length > 0 && (problems[0] as LineProblem).line < line) {
    yield { problem: problems.shift() as LineProblem };
  }
}

function lineBreaksIn(fields: readonly string[]): number {
  return fields.reduce((count, field) => count + (field.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
}

/** csv-parse's messages name its internals ("record delimiter, trimable character"); say what to fix instead. */
function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote inside an unquoted field; quote the field and double the quote';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'text follows a closing quote; quote the whole field';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed';
    default:
      return `cannot be read as CSV (${error.message})`;
  }
}

/**
 * One CSV line (without line end) in the dialect; fields with the delimiter, a quote or a line break are quoted.
 * Returns undefined when such a field cannot be written because the dialect has no quoting.
 */
export function formatCsvRow(
  fields: readonly (string | number)[],
  dialect: CsvDialect = standardCsvDialect,
): string | undefined {
  const written: string[] = [];
  for (const field of fields) {
    const text = String(field);
    const special = text.includes(dialect.delimiter) || /[\r\n]/.test(text) || text !== text.trim();
    if (dialect.quote === false) {
      if (special) return undefined;
      written.push(text);
      continue;
    }
    const quote = dialect.quote;
    written.push(special || text.includes(quote) ? `${quote}${text.replaceAll(quote, quote + quote)}${quote}` : text);
  }
  return written.join(dialect.delimiter);
}
