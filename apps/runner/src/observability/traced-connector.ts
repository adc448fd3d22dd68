import type { ConnectorV2 } from '@stockwire/connector-spec';
import { callOutcomeOf } from './connector-calls.ts';
import type { RunnerTracing } from './tracing.ts';

/**
 * The connector methods that call the vendor, per capability. `webhooks.verify` is left out: it checks a signature
 * locally, and the webhook span traces it as a step of its own.
 */
const vendorCalls: Readonly<Record<string, readonly string[]>> = {
  snapshot: ['read'],
  push: ['push'],
  changes: ['pull'],
  orders: ['pull'],
  webhooks: ['parse'],
};

/**
 * The same connector, each vendor call run inside a client span (`<capability>.<method>`, e.g. `push.push`) that is
 * a child of the span the runner is in, with the connection, the connector and the call's outcome (`ok`, `failed`,
 * `rate-limited`, as `stockwire_api_calls_total` counts them). A proxy, as `bindConnectorLog`, so everything else the
 * connector holds stays as built. Used only when tracing is on.
 */
export function traceConnectorCalls<Connector extends ConnectorV2>(
  connector: Connector,
  connection: string,
  tracing: RunnerTracing,
): Connector {
  const traced = new Map<PropertyKey, unknown>();
  return new Proxy(connector, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      const methods = typeof property === 'string' ? vendorCalls[property] : undefined;
      if (methods === undefined || typeof value !== 'object' || value === null) return value;
      let capability = traced.get(property);
      if (capability === undefined) {
        capability = traceMethods(
          value,
          String(property),
          methods,
          { connection, connector: target.connector },
          tracing,
        );
        traced.set(property, capability);
      }
      return capability;
    },
  });
}

type AnyMethod = (this: unknown, ...parameters: unknown[]) => unknown;

function traceMethods(
  capability: object,
  capabilityName: string,
  methods: readonly string[],
  names: { readonly connection: string; readonly connector: string },
  tracing: RunnerTracing,
): object {
  return new Proxy(capability, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string' || !methods.includes(property)) return value;
      const method = value as AnyMethod;
      const operation = `${capabilityName}.${property}`;
      return (...parameters: unknown[]) =>
        tracing.inSpan(
          operation,
          {
            kind: 'client',
            attributes: {
              'stockwire.connection': names.connection,
              'stockwire.connector': names.connector,
              'stockwire.operation': operation,
            },
          },
          async (span) => {
            try {
              const result = await method.apply(target, parameters);
              span.setAttributes({ 'stockwire.outcome': 'ok' });
              return result;
            } catch (error) {
              span.setAttributes({ 'stockwire.outcome': callOutcomeOf(error) });
              throw error;
            }
          },
        );
    },
  });
}
