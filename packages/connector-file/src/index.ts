export { type FileChangesCursor, FileChangesCursorSchema } from './file-changes.ts';
export { checkProbePath, createFileTreeCheck } from './file-check.ts';
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
  InvalidFileRowError,
  type InvalidFileRowErrorOptions,
  SnapshotFileChangedError,
  type SnapshotFileChangedErrorOptions,
} from './file-errors.ts';
export { exportColumns } from './file-inventory-push.ts';
// The transports, for connectors that exchange other file formats over the same folder or SFTP tree (EDI X12).
export {
  type CsvDialect,
  CsvDialectSchema,
  type FileConnectorSettings,
  type FileConnectorSettingsInput,
  FileConnectorSettingsSchema,
  FolderTransportSchema,
  type FolderTransportSettings,
  SftpTransportSchema,
  type SftpTransportSettings,
} from './file-settings.ts';
export { createFileTransport } from './transport/create-file-transport.ts';
export type {
  FileEntry,
  FileReading,
  FileSession,
  FileTransport,
  FileVersion,
  OpenFileSession,
} from './transport/file-transport.ts';
export { createFolderTransport } from './transport/folder-transport.ts';
export { createSftpTransport } from './transport/sftp-transport.ts';
