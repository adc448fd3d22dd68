import {
  bindConnectorLog,
  createConnectionMapping,
  createRateLimiter,
  type RateLimiter,
  type RedisConnection,
} from '@stockwire/connector-kit';
import type { ConnectorV2, RateLimitPolicyV2 } from '@stockwire/connector-spec';
import { buildCatalog, type StockwireConfiguration } from '@stockwire/model';
import type { Logger } from 'pino';
import { loadConnectorDefinition } from '../connectors/connector-registry.ts';
import type { PipelineConnection } from '../jobs/connection.ts';
import { createLimiterUsage, type LimiterUsage } from '../observability/limiter-usage.ts';
import { traceConnectorCalls } from '../observability/traced-connector.ts';
import type { RunnerTracing } from '../observability/tracing.ts';
import { createRedisConnectorState } from './redis-connector-state.ts';

/** One configured connection, ready to call: its connector instance and the rate limiter it shares in Redis. */
export interface ConnectionRuntime extends PipelineConnection {
  /** What this process took from the limiter, per bucket (for the dashboard's budget chart). */
  readonly limiterUsage: LimiterUsage;
}

export interface CreateConnectionRuntimesInput {
  readonly configuration: StockwireConfiguration;
  readonly redis: RedisConnection;
  readonly keyPrefix: string;
  readonly environment: NodeJS.ProcessEnv;
  /** Where connectors given as relative paths are resolved from (the configuration file's folder). */
  readonly baseDirectory?: string | undefined;
  /**
   * The runner's logger. Each connector gets a child bound to its connection (`context.log`, at the runner's level),
   * and its operations run with it bound, so the kit's HTTP client writes a trace line per vendor call.
   */
  readonly logger?: Logger | undefined;
  /** When tracing is on, each vendor call of every connector becomes a client span (traced-connector.ts). */
  readonly tracing?: RunnerTracing | undefined;
}

const connectorStartErrorMarker = Symbol.for('stockwire.runner.connector-start-error');

/** A connection that cannot start: its connector is missing, or refuses its settings. Not retryable. */
export class ConnectorStartError extends Error {
  readonly [connectorStartErrorMarker] = true;
  readonly retryable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectorStartError';
  }

  static isInstance(value: unknown): value is ConnectorStartError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[connectorStartErrorMarker] === true
    );
  }
}

/** Loads each connection's connector package, validates its settings with the connector's schema, creates it. */
export async function createConnectionRuntimes(
  input: CreateConnectionRuntimesInput,
): Promise<Map<string, ConnectionRuntime>> {
  const catalog = buildCatalog(input.configuration);
  const runtimes = new Map<string, ConnectionRuntime>();
  for (const [name, connection] of Object.entries(input.configuration.connections)) {
    const lookup = await loadConnectorDefinition(connection.connector, { baseDirectory: input.baseDirectory });
    if (!lookup.found) {
      throw new ConnectorStartError(`connection "${name}" cannot start: ${lookup.reason}`);
    }
    const settings = lookup.definition.settingsSchema.safeParse(connection.settings);
    if (!settings.success) {
      const problems = settings.error.issues.map((issue) => `settings.${issue.path.join('.')}: ${issue.message}`);
      throw new ConnectorStartError(
        `connection "${name}" cannot start: ${lookup.packageName} refuses its settings: ${problems.join('; ')}. ` +
          'Run "stockwire check" for the line of each problem',
      );
    }
    // One limiter per connection, shared by the connector (through its context) and the runner's own asks.
    let limiter: RateLimiter | undefined;
    const limiterUsage = createLimiterUsage();
    const sharedLimiter = (policy: RateLimitPolicyV2) => {
      limiter ??= limiterUsage.counting(
        createRateLimiter({ redis: input.redis, account: `${input.keyPrefix}:${name}`, policy }),
      );
      return limiter;
    };
    const log = input.logger?.child({ connection: name });
    let connector: ConnectorV2;
    try {
      const created = lookup.definition.create(settings.data, {
        mapping: createConnectionMapping(catalog, name),
        environment: input.environment,
        sharedLimiter,
        state: createRedisConnectorState(input.redis, `{${input.keyPrefix}:state:${name}}`),
        log,
      });
      // Bound as well as passed: connectors whose HTTP clients predate `context.log` still log through it.
      const logged = log === undefined ? created : bindConnectorLog(created, log);
      connector = input.tracing === undefined ? logged : traceConnectorCalls(logged, name, input.tracing);
    } catch (error) {
      throw new ConnectorStartError(`connection "${name}" cannot start: ${(error as Error).message}`, { cause: error });
    }
    if (connector.rateLimits !== undefined) sharedLimiter(connector.rateLimits);
    runtimes.set(name, { name, connector, limiter, limiterUsage });
  }
  return runtimes;
}
