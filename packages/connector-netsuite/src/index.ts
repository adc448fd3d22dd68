export { netSuiteBalanceStateTable } from './map-netsuite-balances.ts';
export { netSuiteSalesOrderEventTable } from './map-netsuite-sales-orders.ts';
export { netSuiteTransactionEventTable } from './map-netsuite-transactions.ts';
export { type NetSuiteChangesCursor, NetSuiteChangesCursorSchema } from './netsuite-changes.ts';
export { signClientAssertion } from './netsuite-client-assertion.ts';
export {
  createNetSuiteConnector,
  type NetSuiteConnectorOptions,
  netSuiteConnector as default,
  netSuiteConnector,
  netSuitePushBatchSize,
} from './netsuite-connector.ts';
export { describeNetSuiteErrorBody, netSuiteConcurrencyCodes, netSuiteErrorFromResponse } from './netsuite-errors.ts';
export {
  itemBalancesQuery,
  type NetSuiteItemKey,
  netSuiteItemKeys,
  salesOrderLinesQuery,
  suiteQlTimestampFormat,
  transactionLinesQuery,
} from './netsuite-queries.ts';
export {
  type NetSuiteOperation,
  netSuiteOperations,
  netSuiteRateLimits,
  netSuiteRateLimitsFor,
} from './netsuite-rate-limits.ts';
export {
  type NetSuiteConnectorSettings,
  type NetSuiteConnectorSettingsInput,
  NetSuiteConnectorSettingsSchema,
  netSuiteConnectorKind,
  netSuiteDefaultBaseUrl,
} from './netsuite-settings.ts';
export { signTokenBasedRequest, type TokenBasedCredentials } from './netsuite-tba-signature.ts';
