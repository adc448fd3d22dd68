export {
  createEbaySandbox,
  type EbaySandbox,
  type EbaySandboxDelivery,
  type EbaySandboxOptions,
} from './ebay-sandbox.ts';
export type { SandboxCredentials } from './sandbox-oauth.ts';
export type { SandboxPublicKeyAnswer } from './sandbox-signing.ts';
export { inventoryError, type SandboxEbayError } from './sandbox-state.ts';
