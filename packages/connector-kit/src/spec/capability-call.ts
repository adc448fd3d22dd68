import type { CapabilityName } from './capabilities.ts';
import type { ConnectorV1 } from './connector-v1.ts';

/** The runner asked for something a connector does not declare: a typed warning, not an exception. */
export interface UnsupportedCapabilityWarningV1 {
  readonly kind: 'unsupported-capability';
  readonly connection: string;
  readonly capability: CapabilityName;
  readonly message: string;
}

export type CapabilityCallResult<T> = { readonly kind: 'done'; readonly value: T } | UnsupportedCapabilityWarningV1;

const methodOf = {
  snapshot: 'readSnapshot',
  push: 'pushQuantities',
  changes: 'pullChanges',
  webhooks: 'parseWebhook',
  orders: 'pullOrders',
} as const satisfies Record<CapabilityName, keyof ConnectorV1>;

/** Whether the connector both declares a capability and implements its method. */
export function supports(connector: ConnectorV1, capability: CapabilityName): boolean {
  return connector.capabilities[capability] !== undefined && typeof connector[methodOf[capability]] === 'function';
}

/**
 * Calls a capability when the connector has it, and otherwise returns a warning the runner can log and show.
 * Errors thrown by the call itself are not caught: they are the typed errors the runner retries or parks.
 */
export async function callCapability<T>(
  connector: ConnectorV1,
  capability: CapabilityName,
  call: () => Promise<T>,
): Promise<CapabilityCallResult<T>> {
  if (!supports(connector, capability)) {
    return {
      kind: 'unsupported-capability',
      connection: connector.connection,
      capability,
      message: `connection "${connector.connection}" (${connector.connector}) does not support ${capability}; nothing was done`,
    };
  }
  return { kind: 'done', value: await call() };
}
