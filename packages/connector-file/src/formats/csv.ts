/** One CSV record and the line it starts on (1-based), so errors can point at the line a person sees. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

export interface CsvParseResult {
  readonly records: readonly CsvRecord[];
  readonly problems: readonly LineProblem[];
}

/**
 * Reads RFC 4180 CSV: comma separated, fields optionally in double quotes (a doubled quote inside is one quote,
 * and a quoted field may span lines), CRLF or LF line ends, an optional UTF-8 byte order mark. Lines that are
 * entirely empty are skipped. A quote in the middle of an unquoted field, text after a closing quote and an
 * unterminated quote are problems on the line where they occur.
 */
export function parseCsv(text: string): CsvParseResult {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: LineProblem[] = [];
  let line = 1;
  let position = 0;
  while (position < source.length) {
    const recordLine = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    let broken = false;
    while (!endOfRecord) {
      const character = source[position];
      if (character === undefined) break;
      if (character === '"' && field === '') {
        const closing = readQuoted(source, position + 1);
        line += closing.newlines;
        if (closing.end === undefined) {
          problems.push({ line: recordLine, message: 'a quoted field is never closed' });
          return { records, problems };
        }
        field = closing.value;
        position = closing.end;
        const next = source[position];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problems.push({ line, message: 'text follows a closing quote; quote the whole field' });
          broken = true;
        }
        continue;
      }
      if (character === ',') {
        fields.push(field);
        field = '';
        position++;
        continue;
      }
      if (character === '\n' || character === '\r') {
        position += character === '\r' && source[position + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
        continue;
      }
      if (character === '"') {
        problems.push({ line, message: 'a quote inside an unquoted field; quote the field and double the quote' });
        broken = true;
      }
      field += character;
      position++;
    }
    fields.push(field);
    // A broken record is reported, not guessed at: the whole file is rejected anyway.
    if (broken || (fields.length === 1 && fields[0] === '')) continue;
    records.push({ line: recordLine, fields });
  }
  return { records, problems };
}

function readQuoted(source: string, start: number): { value: string; end: number | undefined; newlines: number } {
  let value = '';
  let newlines = 0;
  let position = start;
  while (position < source.length) {
    const character = source[position];
    if (character === '"') {
      if (source[position + 1] === '"') {
        value += '"';
        position += 2;
        continue;
      }
      return { value, end: position + 1, newlines };
    }
    if (character === '\n') newlines++;
    value += character;
    position++;
  }
  return { value, end: undefined, newlines };
}

/** One CSV line (without line end); fields with a comma, quote or line break are quoted. */
export function formatCsvRow(fields: readonly (string | number)[]): string {
  return fields
    .map((field) => {
      const text = String(field);
      return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
    })
    .join(',');
}
