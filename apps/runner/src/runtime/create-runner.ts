import type { RawWebhookV2 } from '@stockwire/connector-spec';
import { createEngine, type Engine, type EngineOptions } from '@stockwire/engine';
import type { StockwireConfiguration } from '@stockwire/model';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import { configuredAlertOptions } from '../alerts/configured-alerts.ts';
import { type ConfigurationHistory, createConfigurationHistory } from '../config/configuration-history.ts';
import { resolveSecret } from '../config/resolve-secret.ts';
import { findSecretReferences } from '../config/secret-references.ts';
import { createDeadLetterStore, type DeadLetterStore } from '../dead-letters/dead-letter-store.ts';
import { type ReplayResult, replayAllDeadLetters, replayDeadLetter } from '../dead-letters/replay-dead-letter.ts';
import type { JobRequest, QueueName } from '../jobs/job-requests.ts';
import type { PipelineContext } from '../jobs/pipeline-context.ts';
import { createRunnerKeys } from '../jobs/runner-keys.ts';
import { type RunnerOptions, type RunnerOptionsInput, RunnerOptionsSchema } from '../jobs/runner-options.ts';
import { createLogger } from '../observability/create-logger.ts';
import { createDashboardSampler, type DashboardSampler } from '../observability/dashboard-sampler.ts';
import { createRunnerMetrics, type RunnerMetrics } from '../observability/runner-metrics.ts';
import { createThrottledErrorLog } from '../observability/throttled-error-log.ts';
import { startTracing } from '../observability/tracing.ts';
import { acceptWebhook, type WebhookAcceptance } from '../pipeline/accept-webhook.ts';
import { pollStreams } from '../pipeline/poll-streams.ts';
import type { ReconcileOptions, ReconcileSummary } from '../pipeline/reconcile-connection.ts';
import { readShadowReport, type ShadowEntry } from '../pipeline/shadow-report.ts';
import { type ConnectionRuntime, createConnectionRuntimes } from './connection-runtimes.ts';
import { createJobQueues } from './job-queues.ts';
import { installSchedulers, wantedSchedulers } from './job-schedulers.ts';
import { type JobWorkers, startJobWorkers } from './job-workers.ts';
import { reconcileWithRetries } from './reconcile-with-retries.ts';
import {
  evictionPolicyError,
  openRedisConnections,
  type RedisConnections,
  type RedisMemoryHealth,
  watchRedisMemory,
} from './redis-connections.ts';
import { settlesWithin } from './within.ts';

export interface CreateRunnerInput {
  readonly configuration: StockwireConfiguration;
  /** `redis://…`, `rediss://…` or a cluster's `redis+cluster://host:port,…`: the Redis every runner here shares. */
  readonly redisUrl: string;
  readonly options?: RunnerOptionsInput | undefined;
  /** Engine settings other than the key prefix (retention of idempotency keys, ledger, settling horizon). */
  readonly engineOptions?: Omit<EngineOptions, 'keyPrefix'> | undefined;
  /** Where connectors read their secrets; the process environment by default. */
  readonly environment?: NodeJS.ProcessEnv | undefined;
  /** Where connectors given as relative paths are resolved from: the configuration file's folder. */
  readonly baseDirectory?: string | undefined;
  readonly logger?: Logger | undefined;
  /**
   * How long start-up waits for Redis before it fails with RedisUnavailableError (`stockwire run` exits 3);
   * default `STOCKWIRE_REDIS_CONNECT_TIMEOUT_MS` of the environment, else 10 000.
   */
  readonly redisConnectTimeoutMs?: number | undefined;
}

export interface RunnerReadiness {
  readonly ready: boolean;
  readonly redis: boolean;
  readonly workers: boolean;
  /** `evicting` (maxmemory-policy is not noeviction) and `full` (writes refused) make the runner unready. */
  readonly redisMemory: RedisMemoryHealth;
}

/** The wired runtime: engine, connectors, queues and (once started) workers and schedules. */
export interface Runner {
  readonly configuration: StockwireConfiguration;
  readonly options: RunnerOptions;
  readonly engine: Engine;
  readonly connections: ReadonlyMap<string, ConnectionRuntime>;
  readonly deadLetters: DeadLetterStore;
  readonly metrics: RunnerMetrics;
  readonly logger: Logger;
  /** The job queues, for the queue board (bull-board) at /admin/queues. */
  readonly queues: ReadonlyMap<QueueName, Queue>;
  /** The dashboard's recent time series (rates, latency, budget), sampled while the runner runs. */
  readonly timeSeries: DashboardSampler;
  /** Every configuration a runner of this installation started with, newest first (`stockwire run` records it). */
  readonly configurationHistory: ConfigurationHistory;
  /**
   * Starts the workers and installs the schedules, then offers every connection a poll and a push, so a restart
   * picks up whatever a crash left behind without waiting for the first tick.
   */
  start(): Promise<void>;
  enqueue(request: JobRequest, options?: { delayMs?: number }): Promise<void>;
  acceptWebhook(connection: string, webhook: RawWebhookV2): Promise<WebhookAcceptance>;
  replay(id: string): Promise<ReplayResult>;
  replayAll(): Promise<ReplayResult[]>;
  /** One reconciliation in this process (the CLI's), outside the queue. */
  reconcile(connection: string, options?: Omit<ReconcileOptions, 'wait'>): Promise<ReconcileSummary>;
  /** Shadow mode's would-be pushes, per connection, channel and SKU (empty when the runner pushes for real). */
  shadowReport(): Promise<ShadowEntry[]>;
  readiness(): Promise<RunnerReadiness>;
  /**
   * Why Redis cannot take work right now ("Redis is unreachable", "Redis is full"), without a round trip; undefined
   * when it can. The HTTP path answers 503 at once while it cannot.
   */
  redisRefusal(): string | undefined;
  /** A command was refused because Redis is full: readiness goes 503 at once. */
  noteRedisOutOfMemory(): void;
  /** Stops taking work, lets running jobs finish, closes connectors and Redis connections. Safe to call twice. */
  close(): Promise<void>;
}

export async function createRunner(input: CreateRunnerInput): Promise<Runner> {
  const environment = input.environment ?? process.env;
  // Alerts: what the process sets (options, STOCKWIRE_ALERT_*) overrides the file's `alerts:` section.
  const options = RunnerOptionsSchema.parse({
    ...input.options,
    alerts: configuredAlertOptions(input.configuration.alerts, input.options?.alerts, environment),
  });
  const logger = input.logger ?? createLogger();
  // Before anything opens: a bad OTEL_* variable stops start-up with nothing to close.
  const tracing = await startTracing(input.configuration.observability?.tracing, environment, logger);
  const redis = openRedisConnections(input.redisUrl);
  let connections: Map<string, ConnectionRuntime>;
  try {
    // Every `{ env: NAME }` of every connection now, not at the first push: a missing one fails start-up (#23.4).
    for (const reference of findSecretReferences(input.configuration)) {
      if (reference.connection !== undefined) resolveSecret(reference, environment);
    }
    connections = await createConnectionRuntimes({
      configuration: input.configuration,
      redis: redis.commands,
      keyPrefix: options.keyPrefix,
      environment,
      baseDirectory: input.baseDirectory,
      logger,
      tracing,
    });
    try {
      await requireUsableRedis(redis, input.redisUrl, input.redisConnectTimeoutMs ?? connectTimeoutFrom(environment));
    } catch (error) {
      for (const { connector } of connections.values()) await connector.close?.();
      throw error;
    }
  } catch (error) {
    await redis.close();
    await tracing?.shutdown();
    throw error;
  }
  const { configuration } = input;
  const keys = createRunnerKeys(options.keyPrefix);
  const engine = createEngine({
    redis: redis.commands,
    configuration,
    options: { ...input.engineOptions, keyPrefix: options.keyPrefix },
  });
  const deadLetters = createDeadLetterStore(redis.commands, keys.deadLetters);
  const logQueueError = createThrottledErrorLog(logger);
  const queues = createJobQueues(redis.jobs, keys.queuePrefix, options, (queue, error) =>
    logQueueError({ queue }, error, 'queue error'),
  );
  // What the HTTP path enqueues (webhooks, replays) fails at once while Redis is away instead of waiting for it.
  const httpQueues = createJobQueues(redis.http, keys.queuePrefix, options, (queue, error) =>
    logQueueError({ queue }, error, 'queue error'),
  );
  const memoryWatch = watchRedisMemory(redis, logger);
  const pushConnections = [...connections.values()].filter((runtime) => runtime.connector.push);
  const metrics = createRunnerMetrics({
    dirtyCounts: () =>
      Promise.all(
        pushConnections.map(async ({ name }) => ({ connection: name, count: await engine.dirtyCount(name) })),
      ),
    deadLetterCount: () => deadLetters.count(),
  });
  const context: PipelineContext = {
    configuration,
    engine,
    connections,
    channelConnections: new Map(configuration.channels.map((channel) => [channel.id, channel.connection])),
    redis: redis.commands,
    keys,
    options,
    metrics,
    logger,
    deadLetters,
    async deadLetter(letter) {
      metrics.deadLettersAdded.inc({ kind: letter.kind });
      logger.warn({ connection: letter.connection, kind: letter.kind }, `dead letter: ${letter.reason}`);
      return await deadLetters.add(letter);
    },
    enqueue: (request, enqueueOptions) => queues.enqueue(request, enqueueOptions),
    now: () => Date.now(),
    tracing,
  };

  const timeSeries = createDashboardSampler({ metrics, connections, engine, deadLetters, logger });

  let workers: JobWorkers | undefined;
  let closing: Promise<void> | undefined;
  const enqueue = (request: JobRequest) => queues.enqueue(request);
  const enqueueFromHttp = (request: JobRequest) => httpQueues.enqueue(request);
  return {
    configuration,
    options,
    engine,
    connections,
    deadLetters,
    metrics,
    logger,
    queues: queues.byName,
    timeSeries,
    configurationHistory: createConfigurationHistory(redis.commands, options.keyPrefix),
    async start() {
      if (workers !== undefined) return;
      timeSeries.start();
      workers = startJobWorkers(context, redis.jobs, keys.queuePrefix);
      await installSchedulers(queues.byName, wantedSchedulers(connections, options, configuration.connections));
      for (const { name, connector } of connections.values()) {
        if (pollStreams(connector).length > 0)
          await enqueue({ queue: 'poll', name: 'pull', data: { connection: name } });
        if (connector.push !== undefined) await enqueue({ queue: 'push', name: 'flush', data: { connection: name } });
      }
      if (options.shadow) logger.warn('shadow mode: pushes are planned and reported (GET /admin/shadow), never sent');
      logger.info({ connections: [...connections.keys()], shadow: options.shadow }, 'workers started');
    },
    enqueue: (request, enqueueOptions) => queues.enqueue(request, enqueueOptions),
    acceptWebhook: (connection, webhook) =>
      acceptWebhook({ ...context, enqueue: enqueueFromHttp }, connection, webhook),
    replay: (id) => replayDeadLetter(deadLetters, enqueueFromHttp, id),
    replayAll: () => replayAllDeadLetters(deadLetters, enqueueFromHttp),
    // Retried here as the queue retries a reconcile job (only the runner retries a retryable error).
    reconcile: (connection, reconcileOptions = {}) => reconcileWithRetries(context, connection, reconcileOptions),
    shadowReport: () => readShadowReport(redis.commands, keys, [...connections.keys()]),
    async readiness() {
      const redisReachable = await redis.ping();
      const workersRunning = workers?.running() ?? false;
      const redisMemory = redisReachable ? await memoryWatch.refresh() : memoryWatch.health();
      const memoryUsable = redisMemory === 'ok' || redisMemory === 'unknown';
      return {
        ready: redisReachable && workersRunning && memoryUsable,
        redis: redisReachable,
        workers: workersRunning,
        redisMemory,
      };
    },
    redisRefusal() {
      if (!redis.connected()) return 'Redis is unreachable';
      return memoryWatch.health() === 'full' ? 'Redis is full' : undefined;
    },
    noteRedisOutOfMemory: () => memoryWatch.noteOutOfMemory(),
    close() {
      closing ??= (async () => {
        timeSeries.stop();
        memoryWatch.stop();
        const reachable = await redis.ping();
        if (workers !== undefined) {
          if (!reachable) logger.warn('Redis is unreachable: jobs in progress are left for another runner to redo');
          await workers.close(!reachable);
        }
        await settlesWithin(queues.close(), reachable ? 10_000 : 1_000);
        await settlesWithin(httpQueues.close(), 1_000);
        for (const { connector } of connections.values()) await connector.close?.();
        await redis.close();
        // Last, so the spans of the jobs that just finished are exported too.
        await tracing?.shutdown();
      })();
      return closing;
    },
  };
}

/** Start-up waits this long for Redis unless told otherwise: long enough for a Redis started beside the runner. */
const defaultRedisConnectTimeoutMs = 10_000;

function connectTimeoutFrom(environment: NodeJS.ProcessEnv): number {
  const configured = Number(environment.STOCKWIRE_REDIS_CONNECT_TIMEOUT_MS);
  return Number.isInteger(configured) && configured > 0 ? configured : defaultRedisConnectTimeoutMs;
}

/** A bounded wait for Redis (#23.5), then a Redis that will not evict stock records (#23.3); else no start. */
async function requireUsableRedis(redis: RedisConnections, redisUrl: string, timeoutMs: number): Promise<void> {
  await redis.waitUntilConnected(timeoutMs);
  const memory = await redis.memory();
  if (memory.policy !== 'noeviction') throw evictionPolicyError(memory.policy, redisUrl);
}
