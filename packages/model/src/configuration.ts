import { z } from 'zod';
import { AlertsConfigurationSchema } from './alerts-configuration.ts';
import { AllocationConfigurationSchema, checkAllocation } from './allocation.ts';
import { AuthorityRuleSchema } from './authority.ts';
import { ChannelSchema } from './channel.ts';
import { ConnectionIdSchema, LocationIdSchema } from './identifiers.ts';
import { LocationSchema } from './location.ts';
import { ObservabilityConfigurationSchema } from './observability-configuration.ts';
import { ReconcileScheduleSchema } from './reconcile-schedule.ts';
import { checkReplenishment, ReplenishmentConfigurationSchema } from './replenishment.ts';
import { SkuSchema } from './sku.ts';

export { type SecretReference, SecretReferenceSchema } from './secret-reference.ts';

const secretLikeKey = /(token|secret|password|passphrase|private[-_]?key|api[-_]?key|client[-_]?secret)$/i;

export const ConnectionSchema = z.strictObject({
  /** `file`, `shopify`, `amazon`, or the npm package name of a connector from outside this repository. */
  connector: z.string().min(1),
  name: z.string().min(1).optional(),
  /** The connection's own location ids mapped to canonical location ids. Unmapped ids are refused, never guessed. */
  locations: z.record(z.string().min(1), LocationIdSchema).default({}),
  /** Connector settings; the connector validates them with its own schema. */
  settings: z.record(z.string(), z.unknown()).default({}),
  /** When the runner reconciles this connection: a full snapshot read and a delta poll, each on its own schedule. */
  reconcile: ReconcileScheduleSchema.optional(),
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const StockwireConfigurationSchema = z
  .strictObject({
    version: z.literal(1),
    locations: z.array(LocationSchema).min(1),
    skus: z.array(SkuSchema).min(1),
    connections: z.record(ConnectionIdSchema, ConnectionSchema),
    authority: z.array(AuthorityRuleSchema).min(1),
    channels: z.array(ChannelSchema).default([]),
    /** Where and when to alert; without it the runner alerts only if its environment sets a webhook. */
    alerts: AlertsConfigurationSchema.optional(),
    /** Pools of locations whose stock is ring-fenced per channel and shared by priority; absent: no allocation. */
    allocation: AllocationConfigurationSchema.optional(),
    /** Traces for the runner (OpenTelemetry); without it, and without `OTEL_EXPORTER_OTLP_ENDPOINT`, none. */
    observability: ObservabilityConfigurationSchema.optional(),
    /** Suppliers' lead times and pack sizes, for reorder suggestions (`stockwire replenish`); absent: none. */
    replenishment: ReplenishmentConfigurationSchema.optional(),
  })
  .superRefine((configuration, context) => {
    const issue = (path: Array<string | number>, message: string) =>
      context.addIssue({ code: 'custom', path, message });
    const locationIds = uniqueIds(configuration.locations, ['locations'], issue);
    const skuIds = uniqueIds(configuration.skus, ['skus'], issue);
    uniqueIds(configuration.channels, ['channels'], issue);
    const connectionIds = new Set(Object.keys(configuration.connections));
    const skuById = new Map(configuration.skus.map((sku) => [sku.id, sku]));

    const aliasOwners = new Map<string, string>();
    configuration.skus.forEach((sku, skuIndex) => {
      sku.aliases.forEach((alias, aliasIndex) => {
        const path = ['skus', skuIndex, 'aliases', aliasIndex];
        if (!connectionIds.has(alias.connection))
          issue([...path, 'connection'], `unknown connection "${alias.connection}"`);
        const key = `${alias.connection}\u0000${alias.value}`;
        const owner = aliasOwners.get(key);
        if (owner !== undefined && owner !== sku.id) {
          issue([...path, 'value'], `alias "${alias.value}" on ${alias.connection} already names SKU "${owner}"`);
        }
        aliasOwners.set(key, sku.id);
      });
      sku.units.forEach((unit, unitIndex) => {
        if (!connectionIds.has(unit.connection)) {
          issue(['skus', skuIndex, 'units', unitIndex, 'connection'], `unknown connection "${unit.connection}"`);
        }
      });
      const componentsSeen = new Set<string>();
      sku.kit?.components.forEach((component, componentIndex) => {
        const path = ['skus', skuIndex, 'kit', 'components', componentIndex, 'sku'];
        const target = skuById.get(component.sku);
        // Two lines for one component read as two alternatives to some and as a sum to others: say which is meant.
        if (componentsSeen.has(component.sku)) {
          const needed = sku.kit?.components
            .filter((line) => line.sku === component.sku)
            .reduce((sum, line) => sum + line.quantity, 0);
          issue(
            path,
            `"${component.sku}" is listed more than once in this kit; list each component once, with the quantity one kit needs (here ${needed})`,
          );
          return;
        }
        componentsSeen.add(component.sku);
        if (target === undefined) issue(path, `unknown SKU "${component.sku}"`);
        else if (target.kit !== undefined)
          issue(path, `"${component.sku}" is itself a kit; kits of kits are not supported`);
        else if (target.id === sku.id) issue(path, 'a kit cannot contain itself');
      });
    });

    for (const [connectionId, connection] of Object.entries(configuration.connections)) {
      for (const [external, canonical] of Object.entries(connection.locations)) {
        if (!locationIds.has(canonical)) {
          issue(['connections', connectionId, 'locations', external], `unknown location "${canonical}"`);
        }
      }
      for (const path of plainTextSecretPaths(connection.settings)) {
        issue(
          ['connections', connectionId, 'settings', ...path],
          'looks like a secret written into the file; write { env: NAME } and put the value in that environment variable',
        );
      }
    }

    configuration.authority.forEach((rule, ruleIndex) => {
      rule.connections.forEach((connection, connectionIndex) => {
        if (!connectionIds.has(connection)) {
          issue(['authority', ruleIndex, 'connections', connectionIndex], `unknown connection "${connection}"`);
        }
      });
      if (rule.skus !== '*') {
        rule.skus.forEach((sku, skuIndex) => {
          if (!skuIds.has(sku)) issue(['authority', ruleIndex, 'skus', skuIndex], `unknown SKU "${sku}"`);
        });
      }
      if (rule.locations !== '*') {
        rule.locations.forEach((location, locationIndex) => {
          if (!locationIds.has(location)) {
            issue(['authority', ruleIndex, 'locations', locationIndex], `unknown location "${location}"`);
          }
        });
      }
    });

    configuration.channels.forEach((channel, channelIndex) => {
      if (!connectionIds.has(channel.connection)) {
        issue(['channels', channelIndex, 'connection'], `unknown connection "${channel.connection}"`);
      }
      channel.locations.forEach((location, locationIndex) => {
        if (!locationIds.has(location)) {
          issue(['channels', channelIndex, 'locations', locationIndex], `unknown location "${location}"`);
        }
      });
      if (channel.publishLocation !== undefined && !locationIds.has(channel.publishLocation)) {
        issue(['channels', channelIndex, 'publishLocation'], `unknown location "${channel.publishLocation}"`);
      }
      if (channel.skus !== '*') {
        channel.skus.forEach((sku, skuIndex) => {
          if (!skuIds.has(sku)) issue(['channels', channelIndex, 'skus', skuIndex], `unknown SKU "${sku}"`);
        });
      }
      channel.overrides.forEach((override, overrideIndex) => {
        override.skus.forEach((sku, skuIndex) => {
          if (!skuIds.has(sku)) {
            issue(['channels', channelIndex, 'overrides', overrideIndex, 'skus', skuIndex], `unknown SKU "${sku}"`);
          }
        });
      });
    });

    if (configuration.allocation !== undefined) {
      checkAllocation(
        configuration.allocation,
        { locations: configuration.locations, skus: skuById, channels: configuration.channels },
        issue,
      );
    }
    if (configuration.replenishment !== undefined) {
      checkReplenishment(configuration.replenishment, { locationIds, skus: skuById }, issue);
    }
  });

export type StockwireConfiguration = z.infer<typeof StockwireConfigurationSchema>;
export type StockwireConfigurationInput = z.input<typeof StockwireConfigurationSchema>;

/** Paths of string values under secret-looking keys, at any depth (an `sftp: { password: … }` counts too). */
function plainTextSecretPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((entry, index) => plainTextSecretPaths(entry, [...path, index]));
  if (typeof value !== 'object' || value === null) return [];
  const found: Array<Array<string | number>> = [];
  for (const [key, entry] of Object.entries(value)) {
    if (secretLikeKey.test(key) && typeof entry === 'string') found.push([...path, key]);
    else found.push(...plainTextSecretPaths(entry, [...path, key]));
  }
  return found;
}

function uniqueIds(
  items: ReadonlyArray<{ id: string }>,
  path: string[],
  issue: (path: Array<string | number>, message: string) => void,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) issue([...path, index, 'id'], `duplicate id "${item.id}"`);
    seen.add(item.id);
  });
  return seen;
}
