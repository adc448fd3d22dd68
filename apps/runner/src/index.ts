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
export { InputFileError } from './files/input-file-error.ts';
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
export { formatLocatedIssue, type LocatedIssue } from './yaml/located-issue.ts';
