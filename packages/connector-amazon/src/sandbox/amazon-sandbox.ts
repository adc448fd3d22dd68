import {
  createRouter,
  createSandboxServer,
  type SandboxCall,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
} from '@stockwire/connector-kit/sandbox';
import { createSandboxClock, type SandboxClock } from './sandbox-clock.ts';
import { amazonError, type SandboxContext } from './sandbox-context.ts';
import { advanceFeed } from './sandbox-feed-processing.ts';
import { addDocumentRoutes, addFeedsRoutes, documentHost } from './sandbox-feeds.ts';
import { addInventoryRoutes } from './sandbox-inventory.ts';
import { addListingsRoutes } from './sandbox-listings.ts';
import { addLoginRoutes, type SandboxCredentials } from './sandbox-login.ts';
import { addOrdersRoutes } from './sandbox-orders.ts';
import { createSandboxRateLimits, type SandboxRateLimits } from './sandbox-rate-limits.ts';
import { createSandboxSqs, type SandboxSqs } from './sandbox-sqs.ts';
import {
  type AmazonSandboxState,
  createSandboxState,
  listingKey,
  resetSandboxState,
  type SandboxListing,
  type SandboxRejection,
} from './sandbox-state.ts';

export interface AmazonSandboxOptions {
  sellerId?: string;
  /** Enforce Amazon's published usage plans (429 QuotaExceeded). Default true. */
  enforceRateLimits?: boolean;
  /** FBA summaries per page. Default 50, as Amazon. */
  inventoryPageSize?: number;
  /** Sandbox-clock milliseconds a feed spends IN_QUEUE and IN_PROGRESS. Defaults 60 s and 240 s. */
  feedQueueMs?: number;
  feedProcessingMs?: number;
}

export interface AmazonSandbox {
  /**
   * Give this to the connector as its `endpoint` setting: every Amazon host the SDK names (SP-API, Login with
   * Amazon, the presigned document URLs) then reaches this one server, which routes on `Host`.
   */
  readonly baseUrl: string;
  /** The same address as `baseUrl` (kept for the demo's and bench's printouts). */
  readonly url: string;
  readonly sellerId: string;
  readonly credentials: SandboxCredentials;
  readonly server: SandboxServer;
  readonly state: AmazonSandboxState;
  readonly clock: SandboxClock;
  readonly rateLimits: SandboxRateLimits;
  /** The seller's SQS queue for SP-API notifications (ReceiveMessage, DeleteMessageBatch over AWS JSON 1.0). */
  readonly sqs: SandboxSqs;
  /** What the sandbox's handlers answered (the kit's call log keeps requests and statuses), for contract tests. */
  readonly answers: readonly SandboxAnswer[];
  /** Calls to the Selling Partner API itself (not Login with Amazon, not S3 documents). */
  spApiCalls(): SandboxCall[];
  /** Makes a merchant-fulfilled offer exist with this quantity (undefined: offer without a quantity yet). */
  setListing(marketplaceId: string, sku: string, quantity?: number): void;
  listingQuantity(marketplaceId: string, sku: string): number | undefined;
  /** The whole offer: quantity and handling time, as the last accepted patch or feed message set them. */
  listing(marketplaceId: string, sku: string): SandboxListing | undefined;
  setInventory(marketplaceId: string, summaries: unknown[]): void;
  /** Adds or replaces an order (by orderId), as searchOrders returns it. */
  putOrder(order: { readonly orderId: string; readonly lastUpdatedTime: string }): void;
  /** Amazon will reject every patch or feed message for this SKU with this issue. */
  reject(sku: string, issue: SandboxRejection): void;
  /** Moves the sandbox clock (feed processing) forward and lets feeds progress. */
  advanceClock(milliseconds: number): void;
  /** Every SP-API call answers 429 QuotaExceeded with this applied rate until `clearFaults`. */
  throttleAll(ratePerSecond: number): void;
  /** Every connection is dropped (ECONNRESET) until `clearFaults`. */
  resetConnections(): void;
  clearFaults(): void;
  reset(): void;
  close(): Promise<void>;
}

/** One answer of the sandbox's own handlers, beside the request it answered. */
export interface SandboxAnswer {
  readonly request: SandboxRequest;
  readonly response: SandboxResponse;
}

const isSellingPartnerApi = (request: SandboxRequest) => (request.headers.host ?? '').startsWith('sellingpartnerapi');
const everyCall = 1_000_000;

/**
 * A local Selling Partner API: Login with Amazon, Listings Items, Feeds (with the processing delay on a clock the
 * test drives and per-message processing reports), presigned document URLs and FBA inventory and orders, each operation
 * under Amazon's published usage plan. One HTTP server plays every host; it routes on `Host`.
 */
export async function createAmazonSandbox(options: AmazonSandboxOptions = {}): Promise<AmazonSandbox> {
  const state = createSandboxState();
  const clock = createSandboxClock();
  const rateLimits = createSandboxRateLimits({ enforce: options.enforceRateLimits ?? true });
  const context: SandboxContext = {
    sellerId: options.sellerId ?? 'A2SANDBOXSELLER',
    state,
    clock,
    rateLimits,
    feedQueueMs: options.feedQueueMs ?? 60_000,
    feedProcessingMs: options.feedProcessingMs ?? 240_000,
    inventoryPageSize: options.inventoryPageSize ?? 50,
  };
  const credentials: SandboxCredentials = {
    clientId: 'amzn1.application-oa2-client.sandbox',
    clientSecret: 'amzn1.oa2-cs.v1.sandbox-secret',
    refreshToken: 'Atzr|sandbox-refresh-token',
    accessToken: 'Atza|sandbox-access-token',
  };
  const login = createRouter();
  addLoginRoutes(login, credentials);
  const documents = createRouter();
  addDocumentRoutes(documents, context);
  const api = createRouter();
  addListingsRoutes(api, context);
  addFeedsRoutes(api, context);
  addInventoryRoutes(api, context);
  addOrdersRoutes(api, context, () => state.orders);

  const answers: SandboxAnswer[] = [];
  let sqs: SandboxSqs | undefined;
  const route = (request: SandboxRequest) => {
    if (sqs?.handles(request)) return sqs.handle(request);
    const host = request.headers.host ?? '';
    if (host === 'api.amazon.com') return login.handle(request);
    if (host === documentHost) return documents.handle(request);
    if (request.headers['x-amz-access-token'] !== credentials.accessToken) {
      return amazonError(403, 'Unauthorized', 'Access to requested resource is denied.');
    }
    return api.handle(request);
  };
  const server = await createSandboxServer({
    async handle(request) {
      const response = await route(request);
      answers.push({ request, response });
      return response;
    },
  });

  sqs = createSandboxSqs(server.url);
  const queue = sqs;
  return {
    sqs: queue,
    baseUrl: server.url,
    url: server.url,
    sellerId: context.sellerId,
    credentials,
    server,
    state,
    clock,
    rateLimits,
    answers,
    spApiCalls: () => server.calls.filter(isSellingPartnerApi),
    setListing(marketplaceId, sku, quantity) {
      state.listings.set(listingKey(marketplaceId, sku), { sku, marketplaceId, productType: 'PRODUCT', quantity });
    },
    listingQuantity: (marketplaceId, sku) => state.listings.get(listingKey(marketplaceId, sku))?.quantity,
    listing: (marketplaceId, sku) => state.listings.get(listingKey(marketplaceId, sku)),
    setInventory(marketplaceId, summaries) {
      state.inventory.set(marketplaceId, [...summaries]);
    },
    putOrder(order) {
      const index = state.orders.findIndex((stored) => (stored as { orderId?: string }).orderId === order.orderId);
      if (index === -1) state.orders.push(order);
      else state.orders[index] = order;
    },
    reject(sku, issue) {
      state.rejections.set(sku, issue);
    },
    advanceClock(milliseconds) {
      clock.advance(milliseconds);
      for (const feed of state.feeds.values()) advanceFeed(context, feed);
    },
    throttleAll(ratePerSecond) {
      server.faults.rateLimitNext(everyCall, {
        retryAfterSeconds: null,
        headers: { 'x-amzn-ratelimit-limit': String(ratePerSecond) },
        body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] },
        when: isSellingPartnerApi,
      });
    },
    resetConnections() {
      server.faults.resetNext(everyCall);
    },
    clearFaults() {
      server.faults.clear();
    },
    reset() {
      resetSandboxState(state);
      rateLimits.reset();
      server.faults.clear();
      server.clearCalls();
      answers.length = 0;
    },
    async close() {
      queue.close();
      await server.close();
    },
  };
}
