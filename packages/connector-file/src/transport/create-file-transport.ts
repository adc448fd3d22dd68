import type { FolderTransportSettings, SftpTransportSettings } from '../file-settings.ts';
import type { FileTransport } from './file-transport.ts';
import { createFolderTransport } from './folder-transport.ts';
import { createSftpTransport } from './sftp-transport.ts';

/** The transport a `transport` setting names: a local folder, or an SFTP tree (its secrets read from `environment`). */
export function createFileTransport(
  transport: FolderTransportSettings | SftpTransportSettings,
  connection: string,
  environment: NodeJS.ProcessEnv,
): FileTransport {
  return transport.kind === 'folder'
    ? createFolderTransport(transport, connection)
    : createSftpTransport(transport, connection, environment);
}
