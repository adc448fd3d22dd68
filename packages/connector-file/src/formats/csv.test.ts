import { describe, expect, it } from 'vitest';
import { type CsvItem, formatCsvRow, readCsvRecords, standardCsvDialect } from './csv.ts';

/** The text in chunks of `size` characters: a record, a quoted field or a line end may be cut anywhere. */
async function* inChunks(text: string, size: number): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function read(text: string, dialect = standardCsvDialect, chunkSize = 3): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of readCsvRecords(inChunks(text, chunkSize), dialect)) items.push(item);
  return items;
}

describe('readCsvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', async () => {
    const text = '\uFEFFsku,note\r\nA,"one, two"\r\nB,"say ""hi"""\n\nC,"multi\nline"\nD,\nÉ,"ü"\n';
    for (const chunkSize of [1, 3, 4096]) {
      expect(await read(text, standardCsvDialect, chunkSize)).toEqual([
        { record: { line: 1, fields: ['sku', 'note'] } },
        { record: { line: 2, fields: ['A', 'one, two'] } },
        { record: { line: 3, fields: ['B', 'say "hi"'] } },
        { record: { line: 5, fields: ['C', 'multi\nline'] } },
        { record: { line: 7, fields: ['D', ''] } },
        { record: { line: 8, fields: ['É', 'ü'] } },
      ]);
    }
  });

  it('reports a stray quote and an unterminated quote on their lines, in line order among the records', async () => {
    expect(await read('a,b\nx,y"z\nok,1\n')).toEqual([
      { record: { line: 1, fields: ['a', 'b'] } },
      { problem: { line: 2, message: 'a quote inside an unquoted field; quote the field and double the quote' } },
      { record: { line: 3, fields: ['ok', '1'] } },
    ]);
    expect(await read('a,b\nok,1\n"never closed,2\n3,4\n')).toEqual([
      { record: { line: 1, fields: ['a', 'b'] } },
      { record: { line: 2, fields: ['ok', '1'] } },
      { problem: { line: 3, message: 'a quoted field is never closed' } },
    ]);
    expect(await read('a,b\n"x"y,z\n')).toContainEqual({
      problem: { line: 2, message: 'text follows a closing quote; quote the whole field' },
    });
  });

  it('reads the configured delimiter and quote, or no quoting at all', async () => {
    expect(await read("sku;note\nA;'x;y'\n", { delimiter: ';', quote: "'" })).toEqual([
      { record: { line: 1, fields: ['sku', 'note'] } },
      { record: { line: 2, fields: ['A', 'x;y'] } },
    ]);
    expect(await read('sku\tnote\nA\t"as is"\n', { delimiter: '\t', quote: false })).toEqual([
      { record: { line: 1, fields: ['sku', 'note'] } },
      { record: { line: 2, fields: ['A', '"as is"'] } },
    ]);
  });

  it('round-trips what formatCsvRow writes, in each dialect', async () => {
    const fields = ['plain', 'with,comma', 'with;semicolon', 'with "quote"', "it's", 'two\nlines', ' padded ', '7'];
    for (const dialect of [standardCsvDialect, { delimiter: ';', quote: "'" } as const]) {
      const [item] = await read(`${formatCsvRow(fields, dialect)}\n`, dialect);
      expect(item).toEqual({ record: { line: 1, fields } });
    }
  });

  it('refuses to write a field without quoting when the dialect has none and the field needs it', () => {
    const unquoted = { delimiter: ',', quote: false } as const;
    expect(formatCsvRow(['a', 'b c'], unquoted)).toBe('a,b c');
    expect(formatCsvRow(['a', 'b,c'], unquoted)).toBeUndefined();
  });
});
