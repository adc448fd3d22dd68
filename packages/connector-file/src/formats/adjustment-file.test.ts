import { describe, expect, it } from 'vitest';
import { parseAdjustmentFile } from './adjustment-file.ts';
import { collectRows, textSource } from './parsed-file.ts';

const parse = (text: string, format: 'csv' | 'jsonl') => collectRows(parseAdjustmentFile(textSource(text), format));

const header = 'id,sku,location,change,reason,occurred_at';

describe('parseAdjustmentFile', () => {
  it('reads adjustments with signed whole changes', async () => {
    const text = `${header}\nadj-1,A,WH1,-3,lost,2026-11-27T09:00:00+01:00\nadj-2,A,WH1,+5,found,2026-11-27T10:00:00Z\n`;
    const { rows, lineProblems, fileProblems } = await parse(text, 'csv');
    expect([...fileProblems, ...lineProblems]).toEqual([]);
    expect(rows.map(({ line, id, change, reason, occurredAt }) => ({ line, id, change, reason, occurredAt }))).toEqual([
      { line: 2, id: 'adj-1', change: -3, reason: 'lost', occurredAt: '2026-11-27T09:00:00+01:00' },
      { line: 3, id: 'adj-2', change: 5, reason: 'found', occurredAt: '2026-11-27T10:00:00Z' },
    ]);
  });

  it('says which line and value is wrong, in the words a person fixing the file needs, and keeps the good rows', async () => {
    const lines = [header];
    for (let line = 2; line < 14; line++) lines.push(`adj-${line},A,WH1,1,correction,2026-11-27T09:00:00Z`);
    lines.push('adj-14,A,WH1,abc,correction,2026-11-27T09:00:00Z');
    lines.push('adj-2,A,WH1,0,broken,2026-11-27');
    const { rows, lineProblems } = await parse(lines.join('\n'), 'csv');
    expect(rows.map((row) => row.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(lineProblems.map((problem) => `inbox/adjust-2026-11-27.csv:${problem.line}: ${problem.message}`)).toEqual([
      'inbox/adjust-2026-11-27.csv:14: change "abc" is not a whole number',
      'inbox/adjust-2026-11-27.csv:15: change is 0; an adjustment changes something',
      'inbox/adjust-2026-11-27.csv:15: reason "broken" is not one of found, lost, theft, correction, expired, sample, other',
      'inbox/adjust-2026-11-27.csv:15: occurred_at "2026-11-27" is not an ISO-8601 date-time with an offset (e.g. 2026-11-27T09:30:00Z)',
      'inbox/adjust-2026-11-27.csv:15: id "adj-2" is already used on line 2',
    ]);
  });

  it('requires every column, and the JSON Lines form requires numbers to be numbers', async () => {
    const missingColumns = await parse('id,sku,location,change\n', 'csv');
    expect(missingColumns.fileProblems.map((problem) => problem.message)).toEqual([
      'the header has no "reason" column',
      'the header has no "occurred_at" column',
    ]);
    const jsonl =
      '{"id":"1","sku":"A","location":"WH1","change":"2","reason":"found","occurred_at":"2026-11-27T09:00:00Z"}\n';
    expect((await parse(jsonl, 'jsonl')).lineProblems).toEqual([
      { line: 1, message: 'change "2" is not a whole number' },
    ]);
  });
});
