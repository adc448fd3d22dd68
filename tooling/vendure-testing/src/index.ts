// A real Vendure 3.7 server for tests (on sql.js, no database to install), its seed helpers and a Shop API
// checkout: one copy for the Vendure connector's tests and the runner's.

export {
  createStockLocation,
  createSuperAdminApiKey,
  createVariant,
  readStockLevels,
  type SeededStockLevel,
  type SeedStockLevel,
  setStockLevels,
  variantIdsBySku,
} from './vendure-seed.ts';
export { cancelOrder, placeShopOrder, shipOrder } from './vendure-shop.ts';
export {
  startVendureTestServer,
  testPaymentHandler,
  type VendureTestServer,
  type VendureTestServerOptions,
} from './vendure-test-server.ts';
