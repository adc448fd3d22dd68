import { describe, expect, it } from 'vitest';
import { positionKey } from './apply-event.ts';
import { buildCatalog } from './catalog.ts';
import { type StockwireConfigurationInput, StockwireConfigurationSchema } from './configuration.ts';
import { emptyPosition, type Position } from './position.ts';
import { projectChannels } from './projection.ts';

const now = new Date('2026-11-27T00:00:00Z');

function configuration(allocation?: StockwireConfigurationInput['allocation']): StockwireConfigurationInput {
  return {
    version: 1,
    locations: [
      { id: 'wh-1', kind: 'warehouse', region: 'eu' },
      { id: 'wh-2', kind: 'warehouse', region: 'eu' },
      { id: 'shop', kind: 'store', region: 'uk' },
    ],
    skus: [
      { id: 'FRAME' },
      { id: 'WHEEL' },
      {
        id: 'BIKE',
        kit: {
          components: [
            { sku: 'FRAME', quantity: 1 },
            { sku: 'WHEEL', quantity: 2 },
          ],
        },
      },
    ],
    connections: { erp: { connector: 'file' }, store: { connector: 'file' }, b2b: { connector: 'file' } },
    authority: [{ connections: ['erp'], states: '*' }],
    channels: [
      { id: 'web', connection: 'store', locations: ['wh-1', 'wh-2', 'shop'], policy: { buffer: 2 } },
      { id: 'wholesale', connection: 'b2b', locations: ['wh-1', 'wh-2'] },
      { id: 'marketplace', connection: 'store', locations: ['wh-1', 'wh-2'] },
    ],
    ...(allocation === undefined ? {} : { allocation }),
  };
}

function position(onHand: number): Position {
  return {
    ...emptyPosition('any', 'any'),
    bases: { onHand: { value: onHand, at: { timeMs: 0, sequence: 0, idempotencyKey: 'k' } } },
  };
}

function quantities(
  input: StockwireConfigurationInput,
  stock: Record<string, Record<string, number>>,
): Record<string, Record<string, number>> {
  const parsed = StockwireConfigurationSchema.parse(input);
  const positions = new Map<string, Position>();
  for (const [sku, atLocations] of Object.entries(stock)) {
    for (const [location, onHand] of Object.entries(atLocations)) {
      positions.set(positionKey(sku, location), position(onHand));
    }
  }
  const shown: Record<string, Record<string, number>> = {};
  for (const result of projectChannels(buildCatalog(parsed), parsed.channels, positions, now)) {
    shown[result.channel] = { ...shown[result.channel], [result.sku]: result.quantity };
  }
  return shown;
}

const contract = {
  pools: [
    {
      id: 'central',
      locations: ['wh-1', 'wh-2'],
      reservations: [{ channel: 'wholesale', quantity: 200, skus: ['FRAME'] }],
    },
  ],
};

describe('allocation', () => {
  it('without allocation, every channel shows what it showed before', () => {
    const stock = { FRAME: { 'wh-1': 150, 'wh-2': 100, shop: 5 }, WHEEL: { 'wh-1': 40 } };
    expect(quantities(configuration(), stock)).toEqual(quantities(configuration({ pools: [] }), stock));
    expect(quantities(configuration(), stock).web).toEqual({ FRAME: 253, WHEEL: 38, BIKE: 18 });
  });

  it('a wholesale ring-fence keeps its 200 frames; the store and marketplace share the rest', () => {
    // Pool: 150 + 100 = 250 frames; wholesale 200 fenced, 50 shared. web: 50 + shop 5 − buffer 2 = 53.
    const shown = quantities(configuration(contract), { FRAME: { 'wh-1': 150, 'wh-2': 100, shop: 5 } });
    expect(shown.wholesale?.FRAME).toBe(250);
    expect(shown.web?.FRAME).toBe(53);
    expect(shown.marketplace?.FRAME).toBe(50);
  });

  it('a region pool is the region’s locations', () => {
    const stock = { FRAME: { 'wh-1': 150, 'wh-2': 100, shop: 5 } };
    const byRegion = {
      pools: [
        { id: 'central', region: 'eu', reservations: [{ channel: 'wholesale', quantity: 200, skus: ['FRAME'] }] },
      ],
    };
    expect(quantities(configuration(byRegion), stock)).toEqual(quantities(configuration(contract), stock));
  });

  it('when the pool holds less than the fence, wholesale keeps everything and the others show nothing from it', () => {
    const shown = quantities(configuration(contract), { FRAME: { 'wh-1': 120, shop: 3 } });
    expect(shown.wholesale?.FRAME).toBe(120);
    expect(shown.marketplace?.FRAME).toBe(0);
    expect(shown.web?.FRAME).toBe(1); // only the shop's 3, minus the buffer of 2
  });

  it('serves reservations by priority when stock is scarce, then by channel id', () => {
    const pools = (priority: string[]) => ({
      pools: [
        {
          id: 'central',
          locations: ['wh-1', 'wh-2'],
          reservations: [
            { channel: 'wholesale', quantity: 60 },
            { channel: 'marketplace', percentage: 50 },
          ],
          priority,
        },
      ],
    });
    // 100 wheels: marketplace asks 50, wholesale 60.
    const first = quantities(configuration(pools(['marketplace'])), { WHEEL: { 'wh-1': 100 } });
    expect(first.marketplace?.WHEEL).toBe(50); // 50 fenced + 0 rest
    expect(first.wholesale?.WHEEL).toBe(50); // 50 of its 60
    expect(first.web?.WHEEL).toBe(0);
    const second = quantities(configuration(pools(['wholesale'])), { WHEEL: { 'wh-1': 100 } });
    expect(second.wholesale?.WHEEL).toBe(60);
    expect(second.marketplace?.WHEEL).toBe(40);
    // No priority: by id, marketplace before wholesale.
    expect(quantities(configuration(pools([])), { WHEEL: { 'wh-1': 100 } })).toEqual(first);
  });

  it('gives the numbers docs/configuration.md quotes for its example pool', () => {
    const pool = {
      pools: [
        {
          id: 'central',
          locations: ['wh-1', 'wh-2'],
          reservations: [
            { channel: 'wholesale', quantity: 200, skus: ['FRAME'] },
            { channel: 'marketplace', percentage: 20 },
          ],
          priority: ['wholesale'],
        },
      ],
    };
    const input = configuration(pool);
    input.channels = input.channels?.map((channel) => ({ ...channel, policy: {} }));
    const at250 = quantities(input, { FRAME: { 'wh-1': 150, 'wh-2': 100 } });
    expect([at250.wholesale?.FRAME, at250.marketplace?.FRAME, at250.web?.FRAME]).toEqual([200, 50, 0]);
    const at400 = quantities(input, { FRAME: { 'wh-1': 300, 'wh-2': 100 } });
    expect([at400.wholesale?.FRAME, at400.marketplace?.FRAME, at400.web?.FRAME]).toEqual([320, 200, 120]);
  });

  it('a kit never reaches another channel’s ring-fenced components', () => {
    const pools = {
      pools: [{ id: 'central', locations: ['wh-1'], reservations: [{ channel: 'wholesale', quantity: 8 }] }],
    };
    const input = configuration(pools);
    input.channels = [
      { id: 'web', connection: 'store', locations: ['wh-1'] },
      { id: 'wholesale', connection: 'b2b', locations: ['wh-1'] },
    ];
    // 10 frames and 20 wheels at wh-1: 10 bikes without allocation; the web may use 2 frames and 12 wheels.
    const shown = quantities(input, { FRAME: { 'wh-1': 10 }, WHEEL: { 'wh-1': 20 } });
    expect(shown.web).toEqual({ FRAME: 2, WHEEL: 12, BIKE: 2 });
    expect(shown.wholesale).toEqual({ FRAME: 10, WHEEL: 20, BIKE: 10 });
  });

  it('explains the split in the rule trace', () => {
    const parsed = StockwireConfigurationSchema.parse(configuration(contract));
    const positions = new Map([[positionKey('FRAME', 'wh-1'), position(250)]]);
    const web = projectChannels(buildCatalog(parsed), parsed.channels, positions, now).find(
      (result) => result.channel === 'web' && result.sku === 'FRAME',
    );
    expect(web?.steps.find((step) => step.rule === 'allocation')).toEqual({
      rule: 'allocation',
      detail:
        'pool central: 250 sellable, ring-fenced wholesale 200, 50 shared; this channel 0 ring-fenced + 50 shared',
      quantity: 50,
    });
  });
});

describe('allocation configuration', () => {
  function issuesOf(input: unknown) {
    const result = StockwireConfigurationSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
  }

  it('refuses unknown fields, both or neither of quantity and percentage', () => {
    expect(issuesOf(configuration({ pools: [{ id: 'p', locations: ['wh-1'], extra: 1 }] } as never))).toHaveLength(1);
    const both = { pools: [{ id: 'p', locations: ['wh-1', 'wh-2'], reservations: [{ channel: 'wholesale' }] }] };
    expect(issuesOf(configuration(both))).toEqual([
      'allocation.pools.0.reservations.0: give exactly one of quantity or percentage',
    ]);
  });

  it('refuses a pool with both or neither of locations and region, and a region no location has', () => {
    expect(issuesOf(configuration({ pools: [{ id: 'p', locations: ['wh-1', 'wh-2'], region: 'eu' }] }))).toEqual([
      'allocation.pools.0: give exactly one of locations or region',
    ]);
    expect(issuesOf(configuration({ pools: [{ id: 'p' }] }))).toEqual([
      'allocation.pools.0: give exactly one of locations or region',
    ]);
    expect(issuesOf(configuration({ pools: [{ id: 'p', region: 'us' }] }))).toEqual([
      'allocation.pools.0.region: no location has region "us"',
    ]);
    expect(StockwireConfigurationSchema.safeParse(configuration({ pools: [{ id: 'p', region: 'uk' }] })).success).toBe(
      true,
    );
  });

  it('checks references, overlaps and that channels sell from all of a pool or none', () => {
    const input = configuration({
      pools: [
        {
          id: 'p',
          locations: ['wh-1', 'shop'],
          reservations: [
            { channel: 'nobody', quantity: 1 },
            { channel: 'web', quantity: 1, skus: ['BIKE'] },
            { channel: 'web', percentage: 10 },
          ],
          priority: ['marketplace'],
        },
        { id: 'p', locations: ['wh-1', 'nowhere'] },
      ],
    });
    expect(issuesOf(input)).toEqual([
      'allocation.pools.0.locations: channel "wholesale" sells from wh-1 but not shop: a channel sells from all of a pool\'s locations or none',
      'allocation.pools.0.locations: channel "marketplace" sells from wh-1 but not shop: a channel sells from all of a pool\'s locations or none',
      'allocation.pools.0.reservations.0.channel: unknown channel "nobody"',
      'allocation.pools.0.reservations.1.skus.0: "BIKE" is a kit; reserve its components instead',
      'allocation.pools.0.reservations.2.skus: channel "web" already has a reservation for these SKUs in this pool',
      'allocation.pools.0.priority.0: channel "marketplace" has no reservation in this pool; priority orders reservations',
      'allocation.pools.1.id: duplicate pool id "p"',
      'allocation.pools.1.locations.0: location "wh-1" is already in pool "p"',
      'allocation.pools.1.locations.1: unknown location "nowhere"',
      'allocation.pools.1.locations: channel "web" sells from wh-1 but not nowhere: a channel sells from all of a pool\'s locations or none',
      'allocation.pools.1.locations: channel "wholesale" sells from wh-1 but not nowhere: a channel sells from all of a pool\'s locations or none',
      'allocation.pools.1.locations: channel "marketplace" sells from wh-1 but not nowhere: a channel sells from all of a pool\'s locations or none',
    ]);
  });
});
