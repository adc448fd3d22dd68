export {
  createShopifySandbox,
  type SandboxWebhook,
  type ShopifySandbox,
  type ShopifySandboxOptions,
} from './shopify-sandbox.ts';
export { type SandboxPlan, standardPlan } from './shopify-sandbox-bucket.ts';
export type { SandboxOrder, SandboxWebhookSubscription } from './shopify-sandbox-orders.ts';
export type { ShopifySandboxState } from './shopify-sandbox-state.ts';
