export { type CliIo, type CommandContext, type ExitCode, exitCodes } from './cli-support/cli-io.ts';
export { describeRedisUrl, UnavailableError } from './cli-support/redis-url.ts';
export { reportCommandError } from './cli-support/report-command-error.ts';
export { UsageError } from './cli-support/usage-error.ts';
export { waitForShutdownSignal } from './cli-support/wait-for-shutdown.ts';
export { ConfigurationError } from './config/configuration-error.ts';
export {
  type LoadConfigurationOptions,
  type LoadedConfiguration,
  loadConfiguration,
  parseConfiguration,
} from './config/load-configuration.ts';
export { MissingSecretError, resolveSecret } from './config/resolve-secret.ts';
export { findSecretReferences, type SecretSetting } from './config/secret-references.ts';
export { type ConfigurationSummary, summarizeConfiguration } from './config/summarize-configuration.ts';
export { isConnectorPath, loadConnectorDefinition } from './connectors/connector-registry.ts';
export {
  createDeadLetterStore,
  type DeadLetter,
  type DeadLetterInput,
  type DeadLetterKind,
  type DeadLetterStore,
} from './dead-letters/dead-letter-store.ts';
export type { ReplayResult } from './dead-letters/replay-dead-letter.ts';
export { InputFileError } from './files/input-file-error.ts';
export { type CreateHttpServerInput, createHttpServer } from './http/create-http-server.ts';
export type { ApplyJobData, JobRequest, QueueName, WebhookJobData } from './jobs/job-requests.ts';
export { type CreateLoggerInput, createLogger } from './observability/create-logger.ts';
export type { ConnectionSample, DashboardSample } from './observability/dashboard-sample.ts';
export type { DashboardSampler } from './observability/dashboard-sampler.ts';
export type { LimiterUsage } from './observability/limiter-usage.ts';
export type { RunnerMetrics } from './observability/runner-metrics.ts';
export type { SyncState } from './observability/sync-state.ts';
export type { WebhookAcceptance } from './pipeline/accept-webhook.ts';
export type { ReconcileOptions, ReconcileSummary } from './pipeline/reconcile-connection.ts';
export {
  type LoadedPositions,
  type LoadPositionsOptions,
  loadPositions,
  parsePositions,
} from './positions/load-positions.ts';
export { PositionsError } from './positions/positions-error.ts';
export {
  IncomingDeliverySchema,
  type PositionEntry,
  PositionEntrySchema,
  type PositionsFile,
  PositionsFileSchema,
} from './positions/positions-schema.ts';
export { type PreviewRow, type PreviewSelection, previewRows } from './preview/preview-rows.ts';
export { type ConnectionRuntime, ConnectorStartError } from './runtime/connection-runtimes.ts';
export {
  type CreateRunnerInput,
  createRunner,
  type Runner,
  type RunnerReadiness,
} from './runtime/create-runner.ts';
export { createRunnerKeys, type RunnerKeys } from './runtime/runner-keys.ts';
export {
  type RunnerOptions,
  type RunnerOptionsInput,
  RunnerOptionsSchema,
  runnerOptionsFromEnvironment,
  runnerOptionsInputFromEnvironment,
  runnerOptionVariables,
} from './runtime/runner-options.ts';
export { formatLocatedIssue, type LocatedIssue } from './yaml/located-issue.ts';
