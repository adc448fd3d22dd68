import { RequestTimeoutMsSchema, readSecret } from '@stockwire/connector-kit';
import { ConnectorConfigurationError } from '@stockwire/connector-spec';
import { type SecretReference, SecretReferenceSchema } from '@stockwire/model';
import { z } from 'zod';
import { inventorySnapshotPageCost } from './shopify-documents.ts';
import { shopifyMaxQueryCost } from './shopify-rate-limits.ts';

/**
 * The newest stable Admin API version. From 2026-01 `changeFromQuantity` is the
 * compare-and-set field of `inventorySetQuantities`; from 2026-04 it is required and `@idempotent` is enforced.
 * https://shopify.dev/docs/api/admin-graphql/latest/mutations/inventorySetQuantities
 */
export const shopifyDefaultApiVersion = '2026-10';

/** A connection's settings, as written under `connections.<id>.settings`. Unknown keys are errors. */
export const ShopifyConnectorSettingsSchema = z
  .strictObject({
    /** The store's permanent domain, e.g. `acme-eu.myshopify.com`. */
    shop: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, 'a *.myshopify.com domain, e.g. acme.myshopify.com'),
    /** The custom app's offline Admin API access token, e.g. `{ env: SHOPIFY_ACCESS_TOKEN }`. */
    accessToken: SecretReferenceSchema,
    /** The app's API secret key, which signs webhooks, e.g. `{ env: SHOPIFY_API_SECRET }`. */
    apiSecretKey: SecretReferenceSchema,
    /**
     * Where the Admin API is reached, when not at `https://<shop>`: a sandbox's `baseUrl` in tests and demos, or a
     * recording proxy. Only this connection's calls go there; the request paths are Shopify's own.
     */
    adminApiUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL such as http://127.0.0.1:4000' }).optional(),
    /**
     * How long one Admin API call may wait for its answer (ms) before it fails as retryable; default 30 000. The
     * SDK has no timeout of its own: without this a hung call held the connection's pushes for minutes.
     */
    requestTimeoutMs: RequestTimeoutMsSchema,
    /** The Admin API version; 2026-01 or later (the compare-and-set field needs it). */
    apiVersion: z.enum(['2026-01', '2026-04', '2026-07', '2026-10']).default(shopifyDefaultApiVersion),
    /**
     * How snapshots read the store: `paged` queries (fine up to some thousands of items) or one `bulk` operation
     * whose JSON Lines file is then read page by page (large catalogs; costs almost no query points).
     */
    snapshotMode: z.enum(['paged', 'bulk']).default('paged'),
    /** Inventory items per snapshot page (each with up to `levelsPerItem` locations). */
    pageSize: z.number().int().min(1).max(40).default(10),
    /** Inventory levels (locations) read per item in a snapshot page. */
    levelsPerItem: z.number().int().min(1).max(50).default(20),
    /**
     * The canonical location of online orders Shopify has not assigned to a location (no `location_id`). Without
     * it, such orders are routed by Stockwire's engine (the configuration's region and priority rules).
     */
    onlineOrderLocation: z.string().min(1).optional(),
    /**
     * For orders Stockwire routes: the shipping address's `country` (`US`) or `country-province` (`US-CA`, more
     * specific first) → the region code of the configuration's locations that should ship it.
     */
    shippingRegions: z.record(z.string().min(1), z.string().min(1)).optional(),
  })
  .refine(
    // Shopify refuses any query that requests more than 1,000 points (MAX_COST_EXCEEDED), whatever the bucket holds.
    // A bulk snapshot sends no page query: its pages are read from the operation's file, and it reads every level.
    (settings) =>
      settings.snapshotMode === 'bulk' ||
      inventorySnapshotPageCost(settings.pageSize, settings.levelsPerItem) <= shopifyMaxQueryCost,
    {
      message: `pageSize × levelsPerItem requests more than ${shopifyMaxQueryCost} query points per snapshot page; lower either`,
      path: ['pageSize'],
    },
  );

export type ShopifyConnectorSettings = z.infer<typeof ShopifyConnectorSettingsSchema>;
export type ShopifyConnectorSettingsInput = z.input<typeof ShopifyConnectorSettingsSchema>;

/** Validates settings; the error names the setting and what is wrong with it. */
export function parseShopifySettings(settings: unknown, connection: string): ShopifyConnectorSettings {
  const parsed = ShopifyConnectorSettingsSchema.safeParse(settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConnectorConfigurationError({
    connector: 'shopify',
    system: 'Shopify',
    connection,
    problem: `settings.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    cause: parsed.error,
  });
}

/** Reads a secret when a call needs it, not when the connector is created (see the kit's `readSecret`). */
export function readShopifySecret(
  reference: SecretReference,
  setting: 'accessToken' | 'apiSecretKey',
  environment: NodeJS.ProcessEnv,
  connection: string,
): string {
  return readSecret(
    reference,
    setting,
    environment,
    (problem) => new ConnectorConfigurationError({ connector: 'shopify', system: 'Shopify', connection, problem }),
  );
}
