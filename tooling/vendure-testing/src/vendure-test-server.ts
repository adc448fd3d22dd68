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
