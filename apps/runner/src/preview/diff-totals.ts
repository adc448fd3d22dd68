import type { DiffRow } from './diff-rows.ts';

export interface DiffTotals {
  readonly rowsChanged: number;
  readonly skusAffected: number;
  /** Sum of the deltas per channel that has a changed row, in the configurations' channel order. */
  readonly deltaByChannel: Readonly<Record<string, number>>;
}

export function diffTotals(rows: readonly DiffRow[], channelOrder: readonly string[]): DiffTotals {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(row.channel, (sums.get(row.channel) ?? 0) + row.delta);
  const deltaByChannel: Record<string, number> = {};
  for (const channel of channelOrder) {
    const sum = sums.get(channel);
    if (sum !== undefined) deltaByChannel[channel] = sum;
  }
  return { rowsChanged: rows.length, skusAffected: new Set(rows.map((row) => row.sku)).size, deltaByChannel };
}
