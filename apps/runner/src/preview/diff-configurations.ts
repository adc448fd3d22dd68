import { type DiffLiveStockInput, diffLiveStock } from './diff-live-stock.ts';
import { channelsOfBoth, type DiffRow } from './diff-rows.ts';
import { type DiffTotals, diffTotals } from './diff-totals.ts';

/** What a new configuration would change on the live stock: every changed value, and the totals over them. */
export interface ConfigurationDiff {
  readonly rows: readonly DiffRow[];
  readonly totals: DiffTotals;
}

/**
 * `stockwire diff --json` and the dashboard's preview (`POST /admin/configuration/preview`) both answer with this,
 * so the two can never disagree about a value, its cause or a total.
 */
export async function diffConfigurations(input: DiffLiveStockInput): Promise<ConfigurationDiff> {
  const rows = await diffLiveStock(input);
  return { rows, totals: diffTotals(rows, channelsOfBoth(input.current, input.proposed)) };
}
