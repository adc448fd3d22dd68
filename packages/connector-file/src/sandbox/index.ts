export { type ConnectionFaultProxy, startConnectionFaultProxy } from './connection-fault-proxy.ts';
export {
  type AvailabilityExport,
  createFileSandbox,
  type ExportedAvailability,
  type FileSandbox,
  type FileSandboxOptions,
} from './file-sandbox.ts';
export {
  type AdjustmentFileRow,
  adjustmentFileColumns,
  adjustmentFileText,
  type IncomingFileRow,
  incomingFileColumns,
  incomingFileText,
  inventoryFileText,
  type SnapshotFileRow,
  snapshotFileText,
} from './inventory-files.ts';
