import { describe, expect, it } from 'vitest';
import { parseYamlSource } from './yaml-source.ts';

function firstIssue(text: string) {
  const result = parseYamlSource(text, 'c.yaml');
  if (result.ok) throw new Error('expected a syntax error');
  return result.issues[0];
}

describe('YAML syntax errors (issue #13.8: reported one line late)', () => {
  it('points an unclosed flow sequence at the line it is missing from, where the ] belongs', () => {
    // The parser only notices at the next key (line 3); the mistake is the end of line 2.
    expect(firstIssue('version: 1\nlocations: [a, b\nskus: []\n')).toMatchObject({ line: 2, column: 17 });
  });

  it('points an unclosed flow mapping in a sequence item at that item, past blank and comment lines', () => {
    const text = [
      'skus:',
      '  - id: A',
      '    kit:',
      '      components:',
      '        - { sku: B, quantity: 1   # one per kit',
      '',
      '        # the second component',
      '        - { sku: C, quantity: 2 }',
      'channels: []',
      '',
    ].join('\n');
    expect(firstIssue(text)).toMatchObject({ line: 5, column: 32 });
  });

  it('points an unclosed flow mapping on the last line at that line, not past the end of the file', () => {
    expect(firstIssue('version: 1\nlocations: {a: 1\n')).toMatchObject({ line: 2, column: 17 });
  });

  it('leaves errors the parser finds where they are written: a tab, a misaligned key', () => {
    expect(firstIssue('version: 1\nlocations:\n\t- id: a\nskus: []\n')).toMatchObject({ line: 3, column: 1 });
    expect(firstIssue('version: 1\nlocations:\n  - id: a\n   kind: x\nskus: []\n')).toMatchObject({ line: 4 });
  });
});
