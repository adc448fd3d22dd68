import type { ConnectionMappingV2 } from '@stockwire/connector-spec';
import { buildCatalog, type StockwireConfiguration, StockwireConfigurationSchema } from '@stockwire/model';
import { createConnectionMapping } from '../connection/mapping.ts';
import type { ConnectorConformanceHarness } from './conformance-harness.ts';

export interface ConformanceConfigurationOptions {
  connection: string;
  /** The connector kind, e.g. `file`. */
  connector: string;
  /** The connection's settings, as they would appear in the configuration file. */
  settings?: Record<string, unknown>;
  /**
   * The connection's location ids for the two conformance locations `wh-north` and `wh-south`.
   * Default `REMOTE-NORTH` and `REMOTE-SOUTH`.
   */
  externalLocations?: { readonly north: string; readonly south: string };
}

/** A canonical location that no conformance connection maps: pushing to it must fail as UnmappedLocationError. */
export const conformanceUnmappedLocation = 'store-unmapped';
/** The channel the conformance configuration publishes through the connection under test. */
export const conformanceChannel = 'web';
/** The SKU the connection counts in cases: one of its units is `conformanceUnitsPerCase` canonical units. */
export const conformanceCasePackedSku = 'SKU-CASE';
export const conformanceUnitsPerCase = 12;

/**
 * A small valid configuration for conformance runs: five SKUs counted 1:1 (two known to the connection under an
 * alias, three under their canonical id), one SKU the connection counts in cases of 12 (`SKU-CASE`, for the unit
 * checks), two mapped locations, one unmapped, and a channel.
 */
export function createConformanceConfiguration(options: ConformanceConfigurationOptions): StockwireConfiguration {
  const external = options.externalLocations ?? { north: 'REMOTE-NORTH', south: 'REMOTE-SOUTH' };
  return StockwireConfigurationSchema.parse({
    version: 1,
    locations: [
      { id: 'wh-north', kind: 'warehouse' },
      { id: 'wh-south', kind: 'warehouse' },
      { id: conformanceUnmappedLocation, kind: 'store' },
    ],
    skus: [
      { id: 'SKU-RED' },
      { id: 'SKU-GREEN' },
      { id: 'SKU-BLUE' },
      { id: 'SKU-BLACK', aliases: [{ connection: options.connection, value: 'REMOTE-BLACK' }] },
      { id: 'SKU-WHITE', aliases: [{ connection: options.connection, value: 'REMOTE-WHITE' }] },
      {
        id: conformanceCasePackedSku,
        units: [{ connection: options.connection, unit: 'case', unitsPer: conformanceUnitsPerCase }],
      },
    ],
    connections: {
      [options.connection]: {
        connector: options.connector,
        locations: { [external.north]: 'wh-north', [external.south]: 'wh-south' },
        settings: options.settings ?? {},
      },
    },
    authority: [{ connections: [options.connection], states: '*' }],
    channels: [{ id: conformanceChannel, connection: options.connection, locations: ['wh-north', 'wh-south'] }],
  });
}

/** What the checks work with, derived from the harness's configuration. */
export interface ConformanceScope {
  readonly mapping: ConnectionMappingV2;
  /** SKUs with stock of their own (kits excluded) the connection counts 1:1, in configuration order. */
  readonly skus: readonly string[];
  /**
   * The first SKU the connection counts in a unit of several (a case), for the unit checks; undefined when the
   * configuration has none (`createConformanceConfiguration` always declares `SKU-CASE`).
   */
  readonly casePacked: { readonly sku: string; readonly unitsPer: number } | undefined;
  /** Canonical locations the connection maps, in configuration order. */
  readonly locations: readonly string[];
  /** The channel pushes go to: the first the connection publishes, or `web`. */
  readonly channel: string;
}

export function conformanceScope(harness: ConnectorConformanceHarness): ConformanceScope {
  const catalog = buildCatalog(harness.configuration);
  const mapping = createConnectionMapping(catalog, harness.connection);
  const stocked = harness.configuration.skus.filter((sku) => sku.kit === undefined).map((sku) => sku.id);
  // Case-packed SKUs stay out of the 1:1 checks: their seeded and reported quantities differ by design.
  const skus = stocked.filter((sku) => mapping.unitsPer(sku) === 1);
  const casePackedSku = stocked.find((sku) => mapping.unitsPer(sku) > 1);
  const casePacked =
    casePackedSku === undefined ? undefined : { sku: casePackedSku, unitsPer: mapping.unitsPer(casePackedSku) };
  const locations = harness.configuration.locations
    .map((location) => location.id)
    .filter((location) => catalog.externalLocation(harness.connection, location) !== undefined);
  const channel =
    harness.configuration.channels.find((candidate) => candidate.connection === harness.connection)?.id ??
    conformanceChannel;
  if (skus.length < 3 || locations.length < 2) {
    throw new Error(
      `conformance needs at least 3 SKUs and 2 locations mapped for connection "${harness.connection}"; ` +
        `the harness configuration has ${skus.length} and ${locations.length} (see createConformanceConfiguration)`,
    );
  }
  return { mapping, skus, casePacked, locations, channel };
}
