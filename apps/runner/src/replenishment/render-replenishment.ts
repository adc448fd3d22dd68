import type { ReplenishmentSuggestion } from '@stockwire/model';
import type { ReplenishmentReport } from './replenishment-report.ts';

/** One column per figure a buyer checks a suggestion with, in the order the suggestion is computed. */
const columns: ReadonlyArray<{
  readonly heading: string;
  readonly csv: string;
  readonly value: (suggestion: ReplenishmentSuggestion) => string;
  readonly numeric: boolean;
}> = [
  { heading: 'SKU', csv: 'sku', value: (row) => row.sku, numeric: false },
  { heading: 'LOCATION', csv: 'location', value: (row) => row.location, numeric: false },
  { heading: 'SUPPLIER', csv: 'supplier', value: (row) => row.supplier, numeric: false },
  { heading: 'SOLD', csv: 'units_sold', value: (row) => String(row.unitsSold), numeric: true },
  { heading: 'PER DAY', csv: 'velocity_per_day', value: (row) => row.velocityPerDay.toFixed(2), numeric: true },
  { heading: 'AVAILABLE', csv: 'available', value: (row) => String(row.available), numeric: true },
  { heading: 'ON ORDER', csv: 'on_order', value: (row) => String(row.onOrder), numeric: true },
  {
    heading: 'COVER (DAYS)',
    csv: 'days_of_cover',
    value: (row) => (row.daysOfCover === null ? '—' : row.daysOfCover.toFixed(1)),
    numeric: true,
  },
  { heading: 'LEAD (DAYS)', csv: 'lead_time_days', value: (row) => String(row.leadTimeDays), numeric: true },
  { heading: 'SAFETY', csv: 'safety_stock', value: (row) => String(row.safetyStock), numeric: true },
  { heading: 'REORDER AT', csv: 'reorder_point', value: (row) => String(row.reorderPoint), numeric: true },
  { heading: 'UP TO', csv: 'order_up_to', value: (row) => String(row.orderUpTo), numeric: true },
  { heading: 'PACK', csv: 'pack_size', value: (row) => String(row.packSize), numeric: true },
  { heading: 'SUGGESTED', csv: 'suggested_quantity', value: (row) => String(row.suggestedQuantity), numeric: true },
];

/** The suggestions as an aligned table, those with an order first, then what was left out and why. */
export function renderReplenishmentTable(report: ReplenishmentReport): string {
  const lines = [
    `Replenishment suggestions (not orders) as of ${report.asOf}, from sales since ${report.since} ` +
      `(${report.windowDays} days)`,
    '',
  ];
  if (report.suggestions.length === 0) {
    lines.push('No SKU × location has stock, sales or units on order, so there is nothing to suggest.');
  } else {
    const ordered = [...report.suggestions].sort(
      (a, b) => Number(b.suggestedQuantity > 0) - Number(a.suggestedQuantity > 0),
    );
    const cells = ordered.map((suggestion) => columns.map((column) => column.value(suggestion)));
    const widths = columns.map((column, index) =>
      Math.max(column.heading.length, ...cells.map((row) => row[index]?.length ?? 0)),
    );
    const align = (row: readonly string[]) =>
      row
        .map((cell, index) =>
          columns[index]?.numeric === true ? cell.padStart(widths[index] ?? 0) : cell.padEnd(widths[index] ?? 0),
        )
        .join('  ')
        .trimEnd();
    lines.push(align(columns.map((column) => column.heading)), ...cells.map(align));
    const due = report.suggestions.filter((suggestion) => suggestion.suggestedQuantity > 0);
    const units = due.reduce((sum, suggestion) => sum + suggestion.suggestedQuantity, 0);
    lines.push(
      '',
      due.length === 0
        ? 'Nothing to reorder: every position is above its reorder point.'
        : `${due.length === 1 ? '1 suggestion' : `${due.length} suggestions`} to reorder, ${units} units in all.`,
    );
  }
  if (report.skusWithoutSupplier.length > 0) {
    lines.push(`No supplier supplies ${report.skusWithoutSupplier.join(', ')}: no suggestion for them.`);
  }
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** At most `digits` decimals and no trailing zeros: 10/28 a day reads 0.3571, not 0.35714285714285715. */
const decimal = (value: number, digits: number) => String(Number(value.toFixed(digits)));

/** One line per suggestion in configuration order, a header first; plain numbers, cover empty when none. */
export function renderReplenishmentCsv(report: ReplenishmentReport): string {
  const plain: Partial<Record<string, (suggestion: ReplenishmentSuggestion) => string>> = {
    velocity_per_day: (row) => decimal(row.velocityPerDay, 4),
    days_of_cover: (row) => (row.daysOfCover === null ? '' : decimal(row.daysOfCover, 1)),
  };
  const lines = [columns.map((column) => column.csv).join(',')];
  for (const suggestion of report.suggestions) {
    lines.push(columns.map((column) => csvField((plain[column.csv] ?? column.value)(suggestion))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
