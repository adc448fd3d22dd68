import { describe, expect, it } from 'vitest';
import { parseAdjustmentFile } from './adjustment-file.ts';

const header = 'id,sku,location,change,reason,occurred_at';

describe('parseAdjustmentFile', () => {
  it('reads adjustments with signed whole changes', () => {
    const text = `${header}\nadj-1,A,WH1,-3,lost,2026-11-27T09:00:00+01:00\nadj-2,A,WH1,+5,found,2026-11-27T10:00:00Z\n`;
    const { rows, problems } = parseAdjustmentFile(text, 'csv');
    expect(problems).toEqual([]);
    expect(rows.map(({ line, id, change, reason, occurredAt }) => ({ line, id, change, reason, occurredAt }))).toEqual([
      { line: 2, id: 'adj-1', change: -3, reason: 'lost', occurredAt: '2026-11-27T09:00:00+01:00' },
      { line: 3, id: 'adj-2', change: 5, reason: 'found', occurredAt: '2026-11-27T10:00:00Z' },
    ]);
  });

  it('says which line and value is wrong, in the words a person fixing the file needs', () => {
    const lines = [header];
    for (let line = 2; line < 14; line++) lines.push(`adj-${line},A,WH1,1,correction,2026-11-27T09:00:00Z`);
    lines.push('adj-14,A,WH1,abc,correction,2026-11-27T09:00:00Z');
    lines.push('adj-2,A,WH1,0,broken,2026-11-27');
    const problems = parseAdjustmentFile(lines.join('\n'), 'csv').problems;
    expect(problems.map((problem) => `inbox/adjust-2026-11-27.csv:${problem.line}: ${problem.message}`)).toEqual([
      'inbox/adjust-2026-11-27.csv:14: change "abc" is not a whole number',
      'inbox/adjust-2026-11-27.csv:15: change is 0; an adjustment changes something',
      'inbox/adjust-2026-11-27.csv:15: reason "broken" is not one of found, lost, theft, correction, expired, sample, other',
      'inbox/adjust-2026-11-27.csv:15: occurred_at "2026-11-27" is not an ISO-8601 date-time with an offset (e.g. 2026-11-27T09:30:00Z)',
      'inbox/adjust-2026-11-27.csv:15: id "adj-2" is already used on line 2',
    ]);
  });

  it('requires every column, and the JSON Lines form requires numbers to be numbers', () => {
    expect(parseAdjustmentFile('id,sku,location,change\n', 'csv').problems.map((problem) => problem.message)).toEqual([
      'the header has no "reason" column',
      'the header has no "occurred_at" column',
    ]);
    const jsonl =
      '{"id":"1","sku":"A","location":"WH1","change":"2","reason":"found","occurred_at":"2026-11-27T09:00:00Z"}\n';
    expect(parseAdjustmentFile(jsonl, 'jsonl').problems).toEqual([
      { line: 1, message: 'change "2" is not a whole number' },
    ]);
  });
});
