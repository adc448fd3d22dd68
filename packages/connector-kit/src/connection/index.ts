export {
  type CheckOutcome,
  connectionCheckResult,
  locationsOutcome,
  runCheckStep,
  skippedCheck,
} from './connection-check.ts';
export { createMemoryConnectorState } from './connector-state.ts';
export { headerValue } from './header-value.ts';
export { createConnectionMapping } from './mapping.ts';
export { readSecret } from './read-secret.ts';
