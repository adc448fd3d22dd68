export {
  createNetSuiteSandbox,
  type NetSuiteExchange,
  type NetSuiteSandbox,
  type NetSuiteSandboxOptions,
} from './netsuite-sandbox.ts';
export type { SalesOrderLineInput } from './sandbox-sales-orders.ts';
export type { BalanceInput, ItemOptions, TransactionInput, TransactionLineInput } from './sandbox-state.ts';
export { percentEncode, tbaBaseString, tbaSignature, verifyTbaRequest } from './tba-verification.ts';
