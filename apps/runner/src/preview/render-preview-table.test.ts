import { describe, expect, it } from 'vitest';
import type { PreviewRow } from './preview-rows.ts';
import { renderPreviewTable } from './render-preview-table.ts';

function row(sku: string, channel: string, quantity: number, why: string): PreviewRow {
  return {
    sku,
    channel,
    connection: channel,
    quantity,
    unitsPer: 1,
    status: 'in-stock',
    sellable: quantity,
    steps: [],
    why,
  };
}

describe('renderPreviewTable', () => {
  it('aligns columns, right-aligns quantities and writes each SKU once per group', () => {
    const table = renderPreviewTable([
      row('TEE', 'web', 38, 'sellable a=38'),
      row('TEE', 'amazon-fbm', 150, 'sellable a=150'),
      row('MUG-STONE', 'web', 7, 'sellable a=7'),
    ]);

    expect(table).toBe(
      [
        'SKU        CHANNEL     QUANTITY  STATUS    WHY',
        'TEE        web               38  in-stock  sellable a=38',
        '           amazon-fbm       150  in-stock  sellable a=150',
        '',
        'MUG-STONE  web                7  in-stock  sellable a=7',
        '',
      ].join('\n'),
    );
  });

  it('says so when the selection leaves nothing to show', () => {
    expect(renderPreviewTable([])).toMatch(/^Nothing to preview/);
  });
});
