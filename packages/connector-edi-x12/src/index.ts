export { type EdiChangesCursor, EdiChangesCursorSchema } from './edi-changes.ts';
export {
  createEdiX12Connector,
  type EdiX12Connector,
  ediX12Connector,
  ediX12Connector as default,
  ediX12ConnectorCapabilities,
  ediX12ConnectorKind,
} from './edi-connector.ts';
export { AcknowledgementOverdueError, AdviceRejectedError, InvalidX12CursorError } from './edi-errors.ts';
export {
  type EdiX12ConnectorSettings,
  type EdiX12ConnectorSettingsInput,
  EdiX12ConnectorSettingsSchema,
  type OwnIdentity,
  type PartnerProfile,
  PartnerProfileSchema,
} from './edi-settings.ts';
/** Files have no rate limits: the transport is a folder or an SFTP server we are allowed to use freely. */
export const ediX12RateLimits = undefined;
