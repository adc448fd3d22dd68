export { type FileChangesCursor, FileChangesCursorSchema } from './file-changes.ts';
export {
  createFileConnector,
  type FileConnector,
  fileConnector,
  fileConnector as default,
  fileConnectorCapabilities,
  fileConnectorKind,
} from './file-connector.ts';
export {
  InvalidFileCursorError,
  type InvalidFileCursorErrorOptions,
} from './file-errors.ts';
export { exportColumns } from './file-inventory-push.ts';
export {
  type FileConnectorSettings,
  type FileConnectorSettingsInput,
  FileConnectorSettingsSchema,
  type FolderTransportSettings,
  type SftpTransportSettings,
} from './file-settings.ts';
