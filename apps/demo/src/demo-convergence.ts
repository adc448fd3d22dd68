import { type Catalog, type Channel, channelPublishLocation, sellableQuantity } from '@stockwire/model';
import type { Runner } from '@stockwire/runner';
import { type DemoChannelViews, readDemoChannelViews } from './demo-channel-views.ts';
import type { DemoSandboxes } from './demo-sandboxes.ts';
import { demoConnections } from './demo-world.ts';

/** What the end-of-run check compared for one channel. */
export interface ChannelCoverage {
  readonly channel: string;
  readonly published: boolean;
  /** Where the values were read: "Shopify", "the wholesale export", "Amazon's FBA inventory at fba-us"… */
  readonly against: string;
  /** SKU values compared (for an unpublished channel: positions at its locations, and the channel's value). */
  readonly checked: number;
  /** SKUs the vendor reports stock of at the channel's locations: 0 for an unpublished channel means none loaded. */
  readonly inStock: number;
}

export interface DemoConvergence {
  readonly coverage: readonly ChannelCoverage[];
  /** Channels the demo has no way to read back: each one fails the check, so "every channel" stays true. */
  readonly unchecked: readonly string[];
  readonly mismatches: readonly string[];
}

interface SkuComparison {
  readonly shown: number | undefined;
  readonly expected: number | undefined;
  /** Why the SKU fails although the two numbers agree, when it does. */
  readonly problem?: string;
}
type ChannelCheck = (sku: string) => Promise<SkuComparison | undefined>;

/**
 * Compares, SKU by SKU and for every channel of the configuration, what the systems show with what the engine
 * holds. A published channel's computed value must be what its vendor shows (Shopify's `available` at the channel's
 * location, Amazon's listing, the wholesale export's newest row). An unpublished channel (Amazon FBA: `publish:
 * false`) is never pushed, so what is checked is the other direction: the engine's sellable stock at each of its
 * locations, and the channel's computed value, must be what the vendor holds there (Amazon's fulfillable units).
 */
export async function checkDemoConvergence(
  runner: Runner,
  sandboxes: DemoSandboxes,
  catalog: Catalog,
): Promise<DemoConvergence> {
  const views = await readDemoChannelViews(sandboxes, catalog);
  const coverage: ChannelCoverage[] = [];
  const unchecked: string[] = [];
  const mismatches: string[] = [];
  for (const channel of runner.configuration.channels) {
    const plan = channel.publish
      ? publishedCheck(runner, views, channel)
      : unpublishedCheck(runner, views, catalog, channel);
    if (plan === undefined) {
      unchecked.push(channel.id);
      continue;
    }
    let checked = 0;
    let inStock = 0;
    for (const sku of catalog.skus.keys()) {
      const result = await plan.check(sku);
      if (result === undefined) continue;
      checked++;
      if ((result.shown ?? 0) > 0) inStock++;
      if (result.problem !== undefined) mismatches.push(`${channel.id} ${sku}: ${result.problem}`);
      else if (result.shown !== result.expected) {
        mismatches.push(`${channel.id} ${sku}: ${plan.describe(result.shown, result.expected)}`);
      }
    }
    coverage.push({ channel: channel.id, published: channel.publish, against: plan.against, checked, inStock });
  }
  return { coverage, unchecked, mismatches };
}

interface CheckPlan {
  readonly against: string;
  readonly check: ChannelCheck;
  describe(shown: number | undefined, expected: number | undefined): string;
}

function publishedCheck(runner: Runner, views: DemoChannelViews, channel: Channel): CheckPlan | undefined {
  const computed = async (sku: string) => (await runner.engine.status(sku, channel.id)).computed?.quantity;
  const describe = (shown: number | undefined, expected: number | undefined) => `shows ${shown}, computed ${expected}`;
  const location = channelPublishLocation(channel);
  const compare =
    (read: (sku: string) => number | undefined): ChannelCheck =>
    async (sku) => {
      const expected = await computed(sku);
      if (expected === undefined) return undefined;
      return { shown: read(sku), expected };
    };
  if (channel.connection === demoConnections.shopify && location !== undefined) {
    return {
      against: 'Shopify',
      describe,
      check: async (sku) =>
        views.shopifyAvailable(sku, location) === undefined
          ? undefined
          : await compare((each) => views.shopifyAvailable(each, location))(sku),
    };
  }
  if (channel.connection === demoConnections.amazon) {
    return { against: 'Amazon', describe, check: compare((sku) => views.amazonListing(sku)) };
  }
  if (channel.connection === demoConnections.wholesale) {
    return {
      against: 'the wholesale export',
      describe,
      check: compare((sku) => views.wholesaleExported(channel.id, sku)),
    };
  }
  return undefined;
}

function unpublishedCheck(
  runner: Runner,
  views: DemoChannelViews,
  catalog: Catalog,
  channel: Channel,
): CheckPlan | undefined {
  if (channel.connection !== demoConnections.amazon) return undefined;
  const locations = channel.locations;
  return {
    against: `Amazon's FBA inventory at ${locations.join(', ')}`,
    describe: (shown, expected) => `Amazon holds ${shown}, the engine has ${expected}`,
    async check(sku) {
      // A kit has no stock of its own, and Amazon reports none for it.
      if (catalog.skus.get(sku)?.kit !== undefined) return undefined;
      let held = 0;
      let loaded = 0;
      for (const location of locations) {
        held += views.amazonFulfillable(sku, location);
        loaded += sellableQuantity(await runner.engine.quantities(sku, location));
      }
      const computed = (await runner.engine.status(sku, channel.id)).computed?.quantity ?? 0;
      // Positions that loaded but a channel value that never followed them are stuck stock too.
      const problem =
        loaded === computed
          ? undefined
          : `the engine has ${loaded} at ${locations.join(', ')} but computed ${computed}`;
      return problem === undefined ? { shown: held, expected: loaded } : { shown: held, expected: loaded, problem };
    },
  };
}

/** Whether every channel caught up and shows what Stockwire computed (the demo's verdict and exit code). */
export function demoConverged(convergence: DemoConvergence, caughtUp: boolean): boolean {
  return caughtUp && convergence.mismatches.length === 0 && convergence.unchecked.length === 0;
}

/** The check's report: one verdict line, then what was compared on each channel. */
export function describeDemoConvergence(convergence: DemoConvergence, caughtUp: boolean): string[] {
  const converged = demoConverged(convergence, caughtUp);
  const width = Math.max(0, ...convergence.coverage.map(({ channel }) => channel.length)) + 2;
  const lines = [
    converged
      ? '  Every channel shows what Stockwire computed, published or not:'
      : `  Not yet converged (${convergence.mismatches.length} differences${caughtUp ? '' : ', pushes still waiting'}): ` +
        convergence.mismatches.slice(0, 5).join('; '),
  ];
  for (const { channel, published, against, checked, inStock } of convergence.coverage) {
    const kind = published ? 'published' : 'not published, read from the vendor';
    lines.push(`    ${channel.padEnd(width)}${checked} SKUs against ${against} (${kind}; ${inStock} in stock)`);
  }
  if (convergence.unchecked.length > 0) {
    lines.push(`    channels the demo cannot read back: ${convergence.unchecked.join(', ')}`);
  }
  return lines;
}
