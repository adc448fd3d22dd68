import { describe, expect, it } from 'vitest';
import { applyEvents } from './apply-event.ts';
import { buildCatalog } from './catalog.ts';
import { StockwireConfigurationSchema } from './configuration.ts';
import type { Position } from './position.ts';
import { projectChannels } from './projection.ts';

describe('projectChannels', () => {
  const configuration = StockwireConfigurationSchema.parse({
    version: 1,
    locations: [
      { id: 'wh', kind: 'warehouse' },
      { id: 'fba', kind: 'marketplace-fulfilled' },
    ],
    skus: [{ id: 'A' }, { id: 'B' }],
    connections: { erp: { connector: 'file' }, amazon: { connector: 'amazon' } },
    authority: [{ connections: ['erp'], states: '*' }],
    channels: [
      { id: 'fbm', connection: 'amazon', locations: ['wh'] },
      { id: 'fba', connection: 'amazon', locations: ['fba'], skus: ['B'] },
    ],
  });

  it('computes every listed SKU on every channel from applied events, and only the listed ones', () => {
    const positions = new Map<string, Position>();
    applyEvents(positions, [
      {
        kind: 'receipt',
        idempotencyKey: '1',
        source: 'erp',
        occurredAt: '2026-11-27T00:00:00Z',
        sku: 'A',
        location: 'wh',
        quantity: 4,
      },
      {
        kind: 'receipt',
        idempotencyKey: '2',
        source: 'erp',
        occurredAt: '2026-11-27T00:00:00Z',
        sku: 'B',
        location: 'fba',
        quantity: 7,
      },
    ]);
    const rows = projectChannels(
      buildCatalog(configuration),
      configuration.channels,
      positions,
      new Date('2026-11-27T01:00:00Z'),
    );
    expect(rows.map((row) => [row.channel, row.sku, row.quantity])).toEqual([
      ['fbm', 'A', 4],
      ['fbm', 'B', 0],
      ['fba', 'B', 7],
    ]);
  });
});
