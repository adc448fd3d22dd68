import type { DiffRow } from './diff-rows.ts';
import type { DiffTotals } from './diff-totals.ts';

const headings = ['SKU', 'CHANNEL', 'CURRENT', 'NEW', 'DELTA', 'RULE'] as const;
const numericColumns = new Set([2, 3, 4]);

/** A delta always carries its sign, so a column of them reads as gains and losses. */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}

/**
 * The changed values as an aligned table grouped by SKU, as the preview's is (the SKU written once, a blank line
 * between groups), then the totals: how many values and SKUs change, and each channel's net change.
 */
export function renderDiffTable(rows: readonly DiffRow[], totals: DiffTotals): string {
  if (rows.length === 0)
    return 'No value changes: every SKU shows the same on every channel under both configurations.\n';
  const cells = rows.map((row, index) => [
    index > 0 && rows[index - 1]?.sku === row.sku ? '' : row.sku,
    row.channel,
    row.currentQuantity === null ? '—' : String(row.currentQuantity),
    row.newQuantity === null ? '—' : String(row.newQuantity),
    formatDelta(row.delta),
    row.rule,
  ]);
  const widths = headings.map((heading, column) =>
    Math.max(heading.length, ...cells.map((line) => line[column]?.length ?? 0)),
  );
  const lines = [alignRow(headings, widths)];
  cells.forEach((line, index) => {
    if (index > 0 && line[0] !== '') lines.push('');
    lines.push(alignRow(line, widths));
  });
  const skus = totals.skusAffected === 1 ? '1 SKU' : `${totals.skusAffected} SKUs`;
  const values = totals.rowsChanged === 1 ? '1 value changes' : `${totals.rowsChanged} values change`;
  const channelCells = Object.entries(totals.deltaByChannel).map(([channel, delta]) => [channel, formatDelta(delta)]);
  const channelWidth = Math.max('CHANNEL'.length, ...channelCells.map(([channel]) => channel?.length ?? 0));
  const deltaWidth = Math.max('DELTA'.length, ...channelCells.map(([, delta]) => delta?.length ?? 0));
  const totalLines = [['CHANNEL', 'DELTA'], ...channelCells].map(
    ([channel = '', delta = '']) => `${channel.padEnd(channelWidth)}  ${delta.padStart(deltaWidth)}`,
  );
  return `${lines.join('\n')}\n\n${values} on ${skus}. Net change per channel:\n${totalLines.join('\n')}\n`;
}

function alignRow(line: readonly string[], widths: readonly number[]): string {
  return line
    .map((cell, column) => {
      if (column === line.length - 1) return cell;
      const width = widths[column] ?? 0;
      return numericColumns.has(column) ? cell.padStart(width) : cell.padEnd(width);
    })
    .join('  ')
    .trimEnd();
}
