export { createSandboxClock, type SandboxClock } from './sandbox-clock.ts';
export type { SandboxReturnAction, SandboxReturnLine } from './sandbox-returns.ts';
export type { SandboxLevel } from './sandbox-state.ts';
export {
  createShipBobSandbox,
  type ShipBobExchange,
  type ShipBobSandbox,
  type ShipBobSandboxOptions,
} from './shipbob-sandbox.ts';
