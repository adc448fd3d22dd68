import { describe, expect, it } from 'vitest';
import { collectRows, textSource } from './parsed-file.ts';
import { parseSnapshotFile } from './snapshot-file.ts';

const parse = (text: string, format: 'csv' | 'jsonl') => collectRows(parseSnapshotFile(textSource(text), format));

describe('parseSnapshotFile', () => {
  it('reads CSV with optional quantity columns and observed_at, leaving empty cells out', async () => {
    const text = [
      'sku,location,on_hand,committed,damaged,observed_at',
      'TSHIRT-M, WH1 ,12,2,,2026-11-27T06:00:00Z',
      '"MUG, blue",WH2,0,0,1,',
    ].join('\n');
    const { rows, lineProblems } = await parse(text, 'csv');
    expect(lineProblems).toEqual([]);
    expect(
      rows.map(({ line, sku, location, quantities, observedAt }) => ({ line, sku, location, quantities, observedAt })),
    ).toEqual([
      {
        line: 2,
        sku: 'TSHIRT-M',
        location: 'WH1',
        quantities: { onHand: 12, committed: 2 },
        observedAt: '2026-11-27T06:00:00Z',
      },
      {
        line: 3,
        sku: 'MUG, blue',
        location: 'WH2',
        quantities: { onHand: 0, committed: 0, damaged: 1 },
        observedAt: undefined,
      },
    ]);
  });

  it('reads the JSON Lines equivalent, skipping blank lines but keeping their numbers', async () => {
    const text =
      '{"sku":"A","location":"WH1","on_hand":5,"in_transit":3}\n\n{"sku":"B","location":"WH1","on_hand":0}\n';
    const { rows, lineProblems } = await parse(text, 'jsonl');
    expect(lineProblems).toEqual([]);
    expect(rows.map((row) => [row.line, row.sku, row.quantities])).toEqual([
      [1, 'A', { onHand: 5, inTransit: 3 }],
      [3, 'B', { onHand: 0 }],
    ]);
  });

  it('reports every bad line with its problem and keeps the rows around them', async () => {
    const lines = ['sku,location,on_hand', 'A,WH1,5', 'B,WH1,-1', 'C,WH1,2.5', ',WH1,1', 'A,WH1,7', 'D,WH1', 'E,WH1,3'];
    const { rows, lineProblems } = await parse(lines.join('\n'), 'csv');
    expect(rows.map((row) => [row.line, row.sku])).toEqual([
      [2, 'A'],
      [8, 'E'],
    ]);
    expect(lineProblems).toEqual([
      { line: 3, message: 'on_hand -1 must not be negative' },
      { line: 4, message: 'on_hand "2.5" is not a whole number' },
      { line: 5, message: 'sku is missing' },
      { line: 6, message: 'sku "A" at location "WH1" already appears on line 2' },
      { line: 7, message: 'has 2 fields, the header has 3' },
    ]);
  });

  it('stops at a wrong header instead of repeating its mistake on every row', async () => {
    const wrongHeader = await parse('sku,location,on_hand,colour\nA,WH1,5,red\nB,WH1,-1,blue\n', 'csv');
    expect(wrongHeader.rows).toEqual([]);
    expect(wrongHeader.fileProblems).toEqual([
      {
        line: 1,
        message:
          'unknown column "colour"; expected sku, location, on_hand and optionally committed, reserved, damaged, ' +
          'quality_control, safety_stock, in_transit, available, observed_at',
      },
    ]);
  });

  it('refuses a header without a required column, an empty file, and JSON that is not strict', async () => {
    expect((await parse('sku,on_hand\nA,1\n', 'csv')).fileProblems).toEqual([
      { line: 1, message: 'the header has no "location" column' },
    ]);
    expect((await parse('', 'csv')).fileProblems).toEqual([
      { line: 1, message: 'the file is empty; it needs a header line' },
    ]);
    const jsonl = [
      '{"sku":"A","location":"WH1","on_hand":"5"}',
      '{"sku":"B","location":"WH1","on_hand":1,"colour":"red"}',
      '["C","WH1",1]',
      '{"sku":"D","location":"WH1","on_hand":1,"observed_at":"yesterday"}',
      '{"sku":"E", broken',
    ].join('\n');
    const messages = (await parse(jsonl, 'jsonl')).lineProblems.map((problem) => `${problem.line}: ${problem.message}`);
    expect(messages.slice(0, 4)).toEqual([
      '1: on_hand "5" is not a whole number',
      expect.stringMatching(/^2: unknown key "colour"/),
      '3: is not a JSON object',
      '4: observed_at "yesterday" is not an ISO-8601 date-time with an offset (e.g. 2026-11-27T09:30:00Z)',
    ]);
    expect(messages[4]).toMatch(/^5: is not valid JSON/);
  });
});
