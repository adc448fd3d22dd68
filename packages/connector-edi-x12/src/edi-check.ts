import { createFileTreeCheck, type FileTransport } from '@stockwire/connector-file';
import type { CheckCapabilityV2 } from '@stockwire/connector-spec';
import type { EdiX12ConnectorSettings } from './edi-settings.ts';

/**
 * The EDI connection's check is the file tree's: `transport` opens the folder or SFTP server (a refused key fails
 * with AuthenticationError), `folders` sees inbox/ (where partners drop 846s and 997s) exists and lists and that
 * outbox/ (where our 846s and 997s go) takes a write. No `locations` check: a partner names its locations only inside
 * the documents it sends (N1/LIN loops), so nothing on the transport says which exist before a document arrives.
 */
export function createEdiCheck(transport: FileTransport, settings: EdiX12ConnectorSettings): CheckCapabilityV2 {
  return createFileTreeCheck(transport, settings.transport);
}
