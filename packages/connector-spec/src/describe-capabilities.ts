import type { ListingStatus } from '@stockwire/model';
import type { CapabilityName, PushFillV2 } from './capabilities.ts';
import type { ConnectorV2 } from './connector-v2.ts';

/** What a connector can do, as data only: for the dashboard, `stockwire check` and docs. */
export interface ConnectorCapabilityDescriptionV2 {
  readonly snapshot?: { readonly mode: 'paged' | 'bulk' };
  readonly push?: {
    readonly maxBatchSize: number;
    readonly absolute: true;
    readonly compareAndSet: boolean;
    readonly listingStatuses: readonly ListingStatus[];
    readonly fill?: PushFillV2;
  };
  readonly changes?: { readonly suggestedIntervalSeconds: number };
  readonly orders?: { readonly suggestedIntervalSeconds: number };
  readonly webhooks?: { readonly topics: readonly string[] };
  readonly check?: { readonly checks: readonly string[] };
}

/** The data-only view of a connector's capabilities (no methods, no schemas): safe to serialise and show. */
export function describeCapabilities(connector: ConnectorV2): ConnectorCapabilityDescriptionV2 {
  const { snapshot, push, changes, orders, webhooks, check } = connector;
  return {
    ...(snapshot && { snapshot: { mode: snapshot.mode } }),
    ...(push && {
      push: {
        maxBatchSize: push.maxBatchSize,
        absolute: push.absolute,
        compareAndSet: push.compareAndSet,
        listingStatuses: [...push.listingStatuses],
        ...(push.fill && { fill: { fromItems: push.fill.fromItems, windowMs: push.fill.windowMs } }),
      },
    }),
    ...(changes && { changes: { suggestedIntervalSeconds: changes.suggestedIntervalSeconds } }),
    ...(orders && { orders: { suggestedIntervalSeconds: orders.suggestedIntervalSeconds } }),
    ...(webhooks && { webhooks: { topics: [...webhooks.topics] } }),
    ...(check && { check: { checks: [...check.checks] } }),
  };
}

/** A connector known to have capability `name`: its object is present and typed as such. */
export type ConnectorWithV2<Name extends CapabilityName, Connector extends ConnectorV2 = ConnectorV2> = Connector & {
  readonly [Key in Name]-?: NonNullable<Connector[Key]>;
};

/** Whether the connector has the capability; narrows the connector so its capability object can be used directly. */
export function supports<Name extends CapabilityName, Connector extends ConnectorV2>(
  connector: Connector,
  name: Name,
): connector is ConnectorWithV2<Name, Connector> {
  return connector[name] !== undefined && connector[name] !== null;
}
