import type { PreviewRow } from './preview-rows.ts';

const headings = ['SKU', 'CHANNEL', 'QUANTITY', 'STATUS', 'WHY'] as const;

/**
 * Rows as an aligned plain-text table, grouped by SKU (the SKU written once, a blank line between groups), so
 * one product's channels can be compared at a glance. Quantities are right-aligned to line up their digits.
 */
export function renderPreviewTable(rows: readonly PreviewRow[]): string {
  if (rows.length === 0) return 'Nothing to preview: no channel and SKU match the selection.\n';
  const cells = rows.map((row, index) => [
    index > 0 && rows[index - 1]?.sku === row.sku ? '' : row.sku,
    row.channel,
    String(row.quantity),
    row.status,
    row.why,
  ]);
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const format = (line: readonly string[]) =>
    line
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        if (column === headings.length - 1) return cell;
        return column === 2 ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();

  const lines = [format(headings)];
  cells.forEach((line, index) => {
    if (index > 0 && line[0] !== '') lines.push('');
    lines.push(format(line));
  });
  return `${lines.join('\n')}\n`;
}
