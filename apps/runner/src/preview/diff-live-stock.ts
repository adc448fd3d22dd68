import type { Engine } from '@stockwire/engine';
import { buildCatalog, type Position, positionKey, type StockwireConfiguration } from '@stockwire/model';
import { type DiffRow, type DiffSides, diffSku, locationsOfBoth, skusOfBoth, stockSkusOf } from './diff-rows.ts';

export interface DiffLiveStockInput {
  readonly current: StockwireConfiguration;
  readonly proposed: StockwireConfiguration;
  /** The engine's reads over the live state; nothing is written. */
  readonly engine: Pick<Engine, 'position'>;
  readonly now: Date;
  /** SKUs whose positions are held in memory at once; only the changed rows outlive their page. */
  readonly pageSize?: number;
}

const defaultPageSize = 200;

/**
 * Every value the proposed configuration would change, computed against the live positions the engine holds.
 * The engine has no scan of SKUs, so the SKUs come from the two configurations (a SKU neither names has no
 * channel value) and are read a page at a time, each SKU's positions in one consistent read per location.
 */
export async function diffLiveStock(input: DiffLiveStockInput): Promise<DiffRow[]> {
  const sides: DiffSides = {
    current: { configuration: input.current, catalog: buildCatalog(input.current) },
    proposed: { configuration: input.proposed, catalog: buildCatalog(input.proposed) },
  };
  const skus = skusOfBoth(sides);
  const locations = locationsOfBoth(sides);
  const pageSize = Math.max(1, input.pageSize ?? defaultPageSize);
  const rows: DiffRow[] = [];
  for (let start = 0; start < skus.length; start += pageSize) {
    const page = skus.slice(start, start + pageSize);
    const stockSkus = [...new Set(page.flatMap((sku) => stockSkusOf(sides, sku)))];
    const positions = await readPositions(input.engine, stockSkus, locations);
    for (const sku of page) rows.push(...diffSku(sides, sku, positions, input.now));
  }
  return rows;
}

async function readPositions(
  engine: Pick<Engine, 'position'>,
  skus: readonly string[],
  locations: readonly string[],
): Promise<Map<string, Position>> {
  const positions = new Map<string, Position>();
  await Promise.all(
    skus.flatMap((sku) =>
      locations.map(async (location) => {
        const position = await engine.position(sku, location);
        if (position !== undefined) positions.set(positionKey(sku, location), position);
      }),
    ),
  );
  return positions;
}
