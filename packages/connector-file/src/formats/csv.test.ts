import { describe, expect, it } from 'vitest';
import { formatCsvRow, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const text = '\uFEFFsku,note\r\nA,"one, two"\r\nB,"say ""hi"""\n\nC,"multi\nline"\nD,\n';
    const { records, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['sku', 'note'] },
      { line: 2, fields: ['A', 'one, two'] },
      { line: 3, fields: ['B', 'say "hi"'] },
      { line: 5, fields: ['C', 'multi\nline'] },
      { line: 7, fields: ['D', ''] },
    ]);
  });

  it('reports a stray quote, text after a closing quote and an unterminated quote with their lines', () => {
    expect(parseCsv('a,b\nx,y"z\n').problems).toEqual([
      { line: 2, message: 'a quote inside an unquoted field; quote the field and double the quote' },
    ]);
    expect(parseCsv('a,b\n"x"y,z\n').problems).toEqual([
      { line: 2, message: 'text follows a closing quote; quote the whole field' },
    ]);
    expect(parseCsv('a,b\nok,1\n"never closed,2\n3,4\n').problems).toEqual([
      { line: 3, message: 'a quoted field is never closed' },
    ]);
  });

  it('round-trips what formatCsvRow writes', () => {
    const fields = ['plain', 'with,comma', 'with "quote"', 'two\nlines', ' padded ', 7];
    const { records } = parseCsv(`${formatCsvRow(fields)}\n`);
    expect(records[0]?.fields).toEqual(fields.map(String));
  });
});
