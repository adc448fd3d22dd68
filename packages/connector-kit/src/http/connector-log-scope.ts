import { AsyncLocalStorage } from 'node:async_hooks';
import { type ConnectorLogV2, type ConnectorV2, capabilityNames } from '@stockwire/connector-spec';

/**
 * The log of the connector operation in progress. Connectors build their HTTP clients without a log (most predate
 * `ConnectorContextV2.log`), so the runner binds each connector to its log and the kit's client finds it here:
 * every connector on the kit gets request lines without passing anything through.
 */
const operationLog = new AsyncLocalStorage<ConnectorLogV2>();

/** The log bound to the connector operation this call runs inside, if any. */
export function currentConnectorLog(): ConnectorLogV2 | undefined {
  return operationLog.getStore();
}

/** Runs `operation` with `log` as the current connector log (for callers that drive a connector by hand). */
export function runWithConnectorLog<Result>(log: ConnectorLogV2, operation: () => Result): Result {
  return operationLog.run(log, operation);
}

/**
 * The same connector, with every capability method (and `close`) run inside `log`'s scope. A proxy rather than a
 * copy, so limits, getters and anything else the connector holds stay exactly as the connector built them.
 */
export function bindConnectorLog<Connector extends ConnectorV2>(connector: Connector, log: ConnectorLogV2): Connector {
  const capabilities = new Set<PropertyKey>(capabilityNames);
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(connector, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === 'close' && typeof value === 'function') return withLog(value as AnyMethod, target, log);
      if (!capabilities.has(property) || typeof value !== 'object' || value === null) return value;
      let capability = bound.get(property);
      if (capability === undefined) {
        capability = bindMethods(value, log);
        bound.set(property, capability);
      }
      return capability;
    },
  });
}

function bindMethods(capability: object, log: ConnectorLogV2): object {
  return new Proxy(capability, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? withLog(value as AnyMethod, target, log) : value;
    },
  });
}

type AnyMethod = (this: unknown, ...parameters: unknown[]) => unknown;

function withLog(method: AnyMethod, self: unknown, log: ConnectorLogV2) {
  return (...parameters: unknown[]) => operationLog.run(log, () => method.apply(self, parameters));
}
