import {
  buildCatalog,
  type Catalog,
  incomingSchedule,
  positionKey,
  positionQuantities,
  sellableQuantity,
} from '@stockwire/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfiguration } from '../config/load-configuration.ts';
import { examples, positionOf, repositoryRoot } from '../examples.test-helpers.ts';
import { loadPositions, parsePositions } from './load-positions.ts';
import { PositionsError } from './positions-error.ts';

let catalog: Catalog;
beforeAll(async () => {
  catalog = buildCatalog((await loadConfiguration(examples.configuration, { cwd: repositoryRoot })).configuration);
});

function issuesOf(text: string) {
  try {
    parsePositions(text, 'positions.yaml', catalog);
  } catch (error) {
    if (PositionsError.isInstance(error)) return error.issues;
    throw error;
  }
  throw new Error('expected a PositionsError');
}

describe('loadPositions', () => {
  it('turns the example file into model positions through canonical events', async () => {
    const loaded = await loadPositions(examples.positions, catalog, { cwd: repositoryRoot });

    expect(loaded.asOf).toBe('2025-11-03T14:00:00Z');
    expect(loaded.positions.size).toBe(25);
    const candles = loaded.positions.get(positionKey('CANDLE-CEDAR', 'wh-east'))!;
    expect(positionQuantities(candles)).toMatchObject({ onHand: 150, committed: 7, qualityControl: 12, damaged: 0 });
    // 150 on hand − 7 committed − 12 in quality control
    expect(sellableQuantity(positionQuantities(candles))).toBe(131);
    const figs = loaded.positions.get(positionKey('CANDLE-FIG', 'wh-east'))!;
    expect(incomingSchedule(figs)).toEqual([
      { reference: 'PO-2025-118', quantity: 96, expectedAt: '2025-11-20T00:00:00Z' },
    ]);
    expect(positionQuantities(figs).incoming).toBe(96);
  });

  it('accepts JSON, which is YAML too, and dates the snapshot at `now` when the file has no asOf', () => {
    const loaded = parsePositions(
      '{ "positions": [{ "sku": "MUG-STONE", "location": "wh-west", "onHand": 3, "damaged": 1 }] }',
      'positions.json',
      catalog,
      { now: new Date('2025-11-01T00:00:00Z') },
    );

    const position = loaded.positions.get(positionKey('MUG-STONE', 'wh-west'))!;
    expect(sellableQuantity(positionQuantities(position))).toBe(2);
    expect(position.bases.onHand?.at.timeMs).toBe(Date.parse('2025-11-01T00:00:00Z'));
  });

  it('names the entry, line and path of unknown SKUs and locations', () => {
    const text = `positions:
  - { sku: MUG-STONE, location: wh-east, onHand: 1 }
  - { sku: MUG-GLASS, location: wh-north, onHand: 1 }
`;
    expect(issuesOf(text)).toEqual([
      {
        file: 'positions.yaml',
        ...positionOf(text, 'MUG-GLASS'),
        path: 'positions[1].sku',
        message: 'unknown SKU "MUG-GLASS"',
      },
      {
        file: 'positions.yaml',
        ...positionOf(text, 'wh-north'),
        path: 'positions[1].location',
        message: expect.stringMatching(/^unknown location "wh-north"; the configuration defines wh-east, wh-west/),
      },
    ]);
  });

  it("says which SKU a connection's alias stands for", () => {
    const [issue] = issuesOf('positions:\n  - { sku: TSHIRT-BLK-M, location: wh-east, onHand: 1 }\n');

    expect(issue?.message).toBe(
      `unknown SKU "TSHIRT-BLK-M"; that is shopify's name for SKU "TEE-BLK-M", write "TEE-BLK-M"`,
    );
  });

  it('refuses stock for a kit, which has none of its own', () => {
    const [issue] = issuesOf('positions:\n  - { sku: GIFT-SET-COZY, location: wh-east, onHand: 5 }\n');

    expect(issue).toMatchObject({ line: 2, path: 'positions[0].sku' });
    expect(issue?.message).toContain('is a kit, which has no stock of its own');
    expect(issue?.message).toContain('MUG-STONE, CANDLE-CEDAR, SOCKS-GRY');
  });

  it('refuses a second entry for the same SKU and location instead of letting one silently win', () => {
    const text = `positions:
  - { sku: MUG-STONE, location: wh-east, onHand: 1 }
  - { sku: MUG-STONE, location: wh-east, onHand: 2 }
`;
    expect(issuesOf(text)).toEqual([
      {
        file: 'positions.yaml',
        line: 3,
        column: 5,
        path: 'positions[1]',
        message: 'a second entry for MUG-STONE at wh-east (the first is positions[0]); merge them into one',
      },
    ]);
  });

  it('validates the shape strictly, with positions', () => {
    const text = `asOf: yesterday
positions:
  - sku: MUG-STONE
    location: wh-east
    onhand: 1
`;
    expect(issuesOf(text)).toEqual([
      { file: 'positions.yaml', line: 1, column: 7, path: 'asOf', message: 'Invalid ISO datetime' },
      {
        file: 'positions.yaml',
        line: 3,
        column: 5,
        path: 'positions[0].onHand',
        message: 'required, but missing (expected number)',
      },
      { file: 'positions.yaml', line: 5, column: 5, path: 'positions[0].onhand', message: 'unknown field "onhand"' },
    ]);
  });
});
