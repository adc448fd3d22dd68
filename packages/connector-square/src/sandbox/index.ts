export {
  createSquareSandbox,
  type SquareAdjustmentInput,
  type SquareSandbox,
  type SquareSandboxAnswer,
  type SquareSandboxOptions,
  type SquareSandboxWebhook,
} from './square-sandbox.ts';
export type { SandboxChange, SandboxCount, SquareSandboxState } from './square-sandbox-state.ts';
