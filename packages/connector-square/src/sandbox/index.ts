export {
  createSquareSandbox,
  type SquareAdjustmentInput,
  type SquareOrderEventType,
  type SquarePickupOrderInput,
  type SquareSandbox,
  type SquareSandboxAnswer,
  type SquareSandboxOptions,
  type SquareSandboxWebhook,
} from './square-sandbox.ts';
export type { SandboxOrder } from './square-sandbox-orders.ts';
export type { SandboxChange, SandboxCount, SquareSandboxState } from './square-sandbox-state.ts';
