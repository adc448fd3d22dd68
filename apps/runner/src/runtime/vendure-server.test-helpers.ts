import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreeLoopbackPort } from '@stockwire/testing';
import {
  DefaultLogger,
  type InitialData,
  LanguageCode,
  LogLevel,
  mergeConfig,
  PaymentMethodHandler,
  type VendureConfig,
} from '@vendure/core';
import {
  createTestEnvironment,
  registerInitializer,
  type SimpleGraphQLClient,
  SqljsInitializer,
  type TestServer,
  testConfig,
} from '@vendure/testing';
import { parse } from 'graphql';

// A real Vendure 3.7 server for the runner's tests. These repeat packages/connector-vendure/src/test-support
// (unpublished test code, so no package export reaches it from here): keep the two in step.

/** A payment that settles at once (its payment method's code, from initialData, is `test-payment`), so a Shop API checkout reaches PaymentSettled (and Vendure allocates stock). */
export const testPaymentHandler = new PaymentMethodHandler({
  code: 'stockwire-test-payment',
  description: [{ languageCode: LanguageCode.en, value: 'Settles every payment at once (tests only)' }],
  args: {},
  createPayment: (_context, _order, amount) => ({ amount, state: 'Settled', transactionId: `test-${Date.now()}` }),
  settlePayment: () => ({ success: true }),
});

const initialData: InitialData = {
  defaultLanguage: LanguageCode.en,
  defaultZone: 'Europe',
  countries: [{ name: 'United Kingdom', code: 'GB', zone: 'Europe' }],
  taxRates: [{ name: 'Standard Tax', percentage: 20 }],
  shippingMethods: [{ name: 'Standard Shipping', price: 500 }],
  paymentMethods: [{ name: 'Test payment', handler: { code: testPaymentHandler.code, arguments: [] } }],
  collections: [],
};

export interface VendureTestServer {
  readonly server: TestServer;
  readonly adminClient: SimpleGraphQLClient;
  readonly shopClient: SimpleGraphQLClient;
  readonly port: number;
  readonly adminApiUrl: string;
  readonly shopApiUrl: string;
  readonly channelToken: string;
  /** How long populating and bootstrapping took, in milliseconds (reported, never asserted). */
  readonly startupMs: number;
  /** Runs an Admin API document as the superadmin. */
  admin<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

export interface VendureTestServerOptions {
  plugins?: VendureConfig['plugins'];
}

/**
 * Starts a real Vendure server (sql.js in memory, populated into a fresh temporary file every start so no stale
 * cache outlives a change of the seed) on a free port, logged in as the superadmin.
 */
export async function startVendureTestServer(options: VendureTestServerOptions = {}): Promise<VendureTestServer> {
  const started = Date.now();
  const dataDirectory = mkdtempSync(join(tmpdir(), 'stockwire-vendure-'));
  registerInitializer('sqljs', new SqljsInitializer(dataDirectory));
  const port = await findFreeLoopbackPort();
  const config = mergeConfig(testConfig, {
    apiOptions: { port },
    authOptions: { tokenMethod: ['bearer', 'api-key'] },
    paymentOptions: { paymentMethodHandlers: [testPaymentHandler] },
    plugins: options.plugins ?? [],
    ...(process.env.LOG ? { logger: new DefaultLogger({ level: LogLevel.Info }) } : {}),
  });
  const { server, adminClient, shopClient } = createTestEnvironment(config);
  await server.init({ initialData, customerCount: 1 });
  await adminClient.asSuperAdmin();
  const base = `http://localhost:${port}`;
  return {
    server,
    adminClient,
    shopClient,
    port,
    adminApiUrl: `${base}/admin-api`,
    shopApiUrl: `${base}/shop-api`,
    channelToken: 'e2e-default-channel',
    startupMs: Date.now() - started,
    admin: (document, variables) => adminClient.query(parse(document), variables),
    async close() {
      await server.destroy();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** One stock level as a seed names it: a stock location id and the units on hand there. */
export interface SeedStockLevel {
  readonly stockLocationId: string;
  readonly stockOnHand: number;
}

/** Creates a stock location (assigned to the default channel, as the Admin API does for the active channel). */
export async function createStockLocation(vendure: VendureTestServer, name: string): Promise<string> {
  const answer = await vendure.admin<{ createStockLocation: { id: string } }>(
    'mutation ($input: CreateStockLocationInput!) { createStockLocation(input: $input) { id } }',
    { input: { name, description: `${name} (Stockwire tests)` } },
  );
  return answer.createStockLocation.id;
}

/** A product with one variant under this SKU, holding these levels; returns the variant id. */
export async function createVariant(
  vendure: VendureTestServer,
  sku: string,
  stockLevels: readonly SeedStockLevel[] = [],
): Promise<string> {
  const slug = sku.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const product = await vendure.admin<{ createProduct: { id: string } }>(
    'mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    {
      input: { translations: [{ languageCode: 'en', name: `Product ${sku}`, slug, description: `Seeded ${sku}` }] },
    },
  );
  const variants = await vendure.admin<{ createProductVariants: Array<{ id: string }> }>(
    'mutation ($input: [CreateProductVariantInput!]!) { createProductVariants(input: $input) { id } }',
    {
      input: [
        {
          productId: product.createProduct.id,
          sku,
          price: 1_000,
          trackInventory: 'TRUE',
          translations: [{ languageCode: 'en', name: `Variant ${sku}` }],
          stockLevels,
        },
      ],
    },
  );
  const variant = variants.createProductVariants[0];
  if (variant === undefined) throw new Error(`Vendure created no variant for ${sku}`);
  return variant.id;
}

/** Sets absolute stock on hand at each named location, the way an admin would in the dashboard. */
export async function setStockLevels(
  vendure: VendureTestServer,
  variantId: string,
  stockLevels: readonly SeedStockLevel[],
): Promise<void> {
  await vendure.admin(
    'mutation ($input: [UpdateProductVariantInput!]!) { updateProductVariants(input: $input) { id } }',
    { input: [{ id: variantId, stockLevels }] },
  );
}

export interface SeededStockLevel {
  readonly stockLocationId: string;
  readonly stockOnHand: number;
  readonly stockAllocated: number;
}

/** What Vendure holds for one variant, read with the superadmin (not through the connector under test). */
export async function readStockLevels(vendure: VendureTestServer, variantId: string): Promise<SeededStockLevel[]> {
  const answer = await vendure.admin<{ productVariant: { stockLevels: SeededStockLevel[] } | null }>(
    'query ($id: ID!) { productVariant(id: $id) { stockLevels { stockLocationId stockOnHand stockAllocated } } }',
    { id: variantId },
  );
  return answer.productVariant?.stockLevels ?? [];
}

/** Every variant id by SKU in the default channel. */
export async function variantIdsBySku(vendure: VendureTestServer): Promise<Map<string, string>> {
  const answer = await vendure.admin<{ productVariants: { items: Array<{ id: string; sku: string }> } }>(
    '{ productVariants(options: { take: 1000 }) { items { id sku } } }',
  );
  return new Map(answer.productVariants.items.map((variant) => [variant.sku, variant.id]));
}

/** Creates an API key with the SuperAdmin role and returns its secret (shown once, as Vendure's dashboard does). */
export async function createSuperAdminApiKey(vendure: VendureTestServer, name: string): Promise<string> {
  const roles = await vendure.admin<{ roles: { items: Array<{ id: string; code: string }> } }>(
    '{ roles { items { id code } } }',
  );
  const superAdmin = roles.roles.items.find((role) => role.code === '__super_admin_role__');
  if (superAdmin === undefined) throw new Error('Vendure has no SuperAdmin role');
  const answer = await vendure.admin<{ createApiKey: { apiKey: string } }>(
    'mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey } }',
    { input: { roleIds: [superAdmin.id], translations: [{ languageCode: 'en', name }] } },
  );
  return answer.createApiKey.apiKey;
}
