export {
  type AmazonSandbox,
  type AmazonSandboxOptions,
  createAmazonSandbox,
  type SandboxAnswer,
} from './amazon-sandbox.ts';
export type { SandboxClock } from './sandbox-clock.ts';
export type { SandboxCredentials } from './sandbox-login.ts';
export {
  fbaAvailabilityNotification,
  orderChangeNotification,
} from './sandbox-notifications.ts';
export { quotaExceeded } from './sandbox-rate-limits.ts';
export type { SandboxSqs, SandboxSqsCredentials, SandboxSqsMessage } from './sandbox-sqs.ts';
export type { AmazonSandboxState, SandboxFeed, SandboxListing, SandboxRejection } from './sandbox-state.ts';
