import { type AdjustmentFileRow, adjustmentFileText } from '@stockwire/connector-file/sandbox';
import { wmsSkuName, worldSkus } from './sync-world.ts';

export interface AdjustmentBurst {
  /** File name → text, in the order the WMS writes them (names sort in that order). */
  readonly files: ReadonlyArray<{ name: string; text: string }>;
  /** Canonical SKU → location → total change. */
  readonly totals: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Canonical SKU → the sum over both warehouses (what channel `web` shows). */
  readonly onWeb: Readonly<Record<string, number>>;
}

/**
 * A deterministic burst of adjustment files from the WMS: only positive changes ("found"), so every SKU's quantity
 * only grows and a value is never legitimately shown twice. `seed` varies the SKUs, warehouses and sizes.
 */
export function adjustmentBurst(fileCount: number, rowsPerFile: number, seed = 1): AdjustmentBurst {
  let state = seed;
  const next = (limit: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    // The low bits of this generator cycle quickly; the high ones are the random part.
    return Math.floor(state / 65_536) % limit;
  };
  const totals = new Map<string, Map<string, number>>();
  const files: Array<{ name: string; text: string }> = [];
  let minute = 0;
  for (let file = 0; file < fileCount; file++) {
    const rows: AdjustmentFileRow[] = [];
    for (let row = 0; row < rowsPerFile; row++) {
      const sku = worldSkus[next(worldSkus.length)] as string;
      const warehouse = next(2) === 0 ? 'WH1' : 'WH2';
      const change = 1 + next(9);
      const location = warehouse === 'WH1' ? 'wh-1' : 'wh-2';
      const bySku = totals.get(sku) ?? new Map<string, number>();
      bySku.set(location, (bySku.get(location) ?? 0) + change);
      totals.set(sku, bySku);
      minute++;
      rows.push({
        id: `burst-${seed}-${file}-${row}`,
        sku: wmsSkuName(sku),
        location: warehouse,
        change,
        reason: 'found',
        occurred_at: new Date(Date.UTC(2026, 10, 27, 8, 0) + minute * 1_000).toISOString(),
      });
    }
    files.push({ name: `adjust-${seed}-${String(file).padStart(4, '0')}.csv`, text: adjustmentFileText(rows) });
  }
  const onWeb: Record<string, number> = {};
  for (const [sku, byLocation] of totals) onWeb[sku] = [...byLocation.values()].reduce((sum, value) => sum + value, 0);
  return { files, totals, onWeb };
}
