export {
  createNetSuiteSandbox,
  type NetSuiteExchange,
  type NetSuiteSandbox,
  type NetSuiteSandboxOptions,
} from './netsuite-sandbox.ts';
export type { BalanceInput, TransactionInput, TransactionLineInput } from './sandbox-state.ts';
export { percentEncode, tbaBaseString, tbaSignature, verifyTbaRequest } from './tba-verification.ts';
