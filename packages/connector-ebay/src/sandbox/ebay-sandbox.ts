import { randomUUID } from 'node:crypto';
import {
  createRouter,
  createSandboxServer,
  type SandboxCall,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxServer,
} from '@stockwire/connector-kit/sandbox';
import { calendarDay } from '../ebay-revision-budget.ts';
import { createFulfillmentRoutes } from './sandbox-fulfillment.ts';
import { createInventoryRoutes } from './sandbox-inventory.ts';
import { createSandboxOauth, type SandboxCredentials } from './sandbox-oauth.ts';
import { createSandboxSigner, type SandboxPublicKeyAnswer } from './sandbox-signing.ts';
import { createSandboxState, inventoryError, type SandboxEbayError, type SandboxState } from './sandbox-state.ts';

export interface EbaySandboxOptions {
  /** Access token lifetime (eBay: 7,200 s). */
  readonly tokenLifetimeSeconds?: number;
  /** Revisions per listing per day before eBay refuses (eBay: 250). */
  readonly revisionCap?: number;
  /** The sandbox's clock: token expiry and the revision day. Default the system clock. */
  readonly now?: () => Date;
  /** The time zone of eBay's calendar day for the revision cap (default America/Los_Angeles, as the connector's). */
  readonly revisionDayTimeZone?: string;
}

/** A raw notification delivery as eBay POSTs it. */
export interface EbaySandboxDelivery {
  readonly headers: Record<string, string>;
  readonly rawBody: Buffer;
  readonly receivedAt: string;
  readonly body: unknown;
}

export interface EbaySandbox {
  readonly baseUrl: string;
  readonly credentials: SandboxCredentials;
  readonly state: SandboxState;
  readonly server: SandboxServer;
  /** Every request and how it was answered (for the contract test and for tests checking what was sent). */
  readonly exchanges: readonly SandboxCall[];
  readonly signingKeyId: string;
  /** Access tokens minted so far. */
  readonly tokensMinted: number;
  /**
   * An inventory item and its published offer on `marketplaceId`, holding `quantity` (or, with `locations`, those
   * quantities per merchant location and their sum); returns the offer.
   */
  listSku(
    sku: string,
    options: { marketplaceId?: string; quantity?: number; locations?: Record<string, number>; published?: boolean },
  ): { offerId: string; listingId: string };
  /** A merchant location's quantity of a SKU (its availabilityDistribution). */
  locationQuantity(sku: string, merchantLocationKey: string): number | undefined;
  /** Makes an item's quantity unreadable (a string where eBay sends a number). */
  makeMalformed(sku: string): void;
  /** What buyers see: the offer's available quantity (undefined when the SKU has no offer). */
  availableQuantity(sku: string): number | undefined;
  /** Answers this SKU's next updates with this error in its 207 item result, until `clearRefusals`. */
  refuseSku(sku: string, error?: SandboxEbayError): void;
  clearRefusals(): void;
  /** A checkout: eBay lowers the listing's quantity itself; returns the order id. */
  placeOrder(order: {
    lines: Array<{ sku: string; quantity: number }>;
    marketplaceId?: string;
    /** In-Store Pickup at this merchant location. */
    pickupAt?: string;
  }): string;
  cancelOrder(orderId: string): void;
  shipOrder(orderId: string): void;
  /** The ORDER_CONFIRMATION notification eBay sends for one line of the order, signed with the sandbox's key. */
  orderConfirmation(orderId: string): EbaySandboxDelivery;
  /** Signs any body as eBay would (for tampering and malformed-body tests). */
  sign(body: unknown, text?: string): EbaySandboxDelivery;
  /** getPublicKey answers for another key id (the SDK's vectors), or fails with HTTP 500 for it. */
  servePublicKey(kid: string, answer: SandboxPublicKeyAnswer | 'server-error'): void;
  /** Every access token stops working now, as when eBay expires or revokes them early. */
  expireTokens(): void;
  /** Every later call is answered 429 (errorId 2001) with this Retry-After, until `calm`. */
  storm(retryAfterSeconds: number): void;
  calm(): void;
  /** Revisions of a listing on the sandbox's current day. */
  revisions(listingId: string): number;
  /** The sandbox's `YYYY-MM-DD` revision day, in `revisionDayTimeZone`. */
  day(): string;
  /** Adds an inventory location the seller created (createInventoryLocation), listed by getInventoryLocations. */
  addLocation(merchantLocationKey: string, name?: string): void;
  /** Empties the account, the faults and the call log; credentials and tokens stay valid. */
  reset(): void;
  close(): Promise<void>;
}

/** A local eBay: OAuth, Sell Inventory, Fulfillment and the Notification API's public keys. */
export async function createEbaySandbox(options: EbaySandboxOptions = {}): Promise<EbaySandbox> {
  const now = options.now ?? (() => new Date());
  let state = createSandboxState();
  const oauth = createSandboxOauth(options.tokenLifetimeSeconds ?? 7_200, () => now().getTime());
  const signer = createSandboxSigner();
  const otherKeys = new Map<string, SandboxPublicKeyAnswer | 'server-error'>();
  const day = () => calendarDay(now(), options.revisionDayTimeZone ?? 'America/Los_Angeles').day;
  let baseUrl = '';
  const inventory = () =>
    createInventoryRoutes({ state, baseUrl: () => baseUrl, revisionCap: options.revisionCap ?? 250, day });
  const fulfillment = () => createFulfillmentRoutes(state, () => baseUrl);
  const authorized =
    (handler: (request: SandboxRequest, parameters: Readonly<Record<string, string>>) => SandboxResponse) =>
    (request: SandboxRequest, parameters: Readonly<Record<string, string>>) =>
      oauth.check(request) ?? handler(request, parameters);

  const router = createRouter()
    .on('POST', '/identity/v1/oauth2/token', (request) => oauth.token(request))
    .on(
      'GET',
      '/sell/inventory/v1/inventory_item',
      authorized((request) => inventory().list(request)),
    )
    .on(
      'POST',
      '/sell/inventory/v1/bulk_get_inventory_item',
      authorized((request) => inventory().bulkGet(request)),
    )
    .on(
      'POST',
      '/sell/inventory/v1/bulk_update_price_quantity',
      authorized((request) => inventory().bulkUpdate(request)),
    )
    .on(
      'GET',
      '/sell/inventory/v1/location',
      authorized((request) => locationPage(request, state, baseUrl)),
    )
    .on(
      'GET',
      '/sell/inventory/v1/offer',
      authorized((request) => inventory().offers(request)),
    )
    .on(
      'GET',
      '/sell/fulfillment/v1/order',
      authorized((request) => fulfillment().list(request)),
    )
    .on(
      'GET',
      '/sell/fulfillment/v1/order/:orderId',
      authorized((_request, { orderId = '' }) => fulfillment().one(orderId)),
    )
    .on(
      'GET',
      '/commerce/notification/v1/public_key/:kid',
      authorized((_request, { kid = '' }) => {
        const other = otherKeys.get(kid);
        if (other === 'server-error') return { status: 500, body: { errors: [systemError()] } };
        const key = kid === signer.kid ? signer.publicKey : other;
        if (key === undefined) {
          return {
            status: 404,
            body: {
              errors: [
                { ...systemError(), errorId: 195001, category: 'REQUEST', message: 'The public key was not found.' },
              ],
            },
          };
        }
        return { body: key };
      }),
    );
  const server = await createSandboxServer({ handle: router.handle });
  baseUrl = server.url;

  const delivery = (body: unknown, text?: string): EbaySandboxDelivery => {
    const rawText = text ?? JSON.stringify(body);
    return {
      headers: { 'content-type': 'application/json', 'x-ebay-signature': signer.signatureHeader(body) },
      rawBody: Buffer.from(rawText, 'utf8'),
      receivedAt: now().toISOString(),
      body,
    };
  };
  const touch = (orderId: string, change: (order: NonNullable<ReturnType<typeof state.orders.get>>) => void) => {
    const order = state.orders.get(orderId);
    if (order === undefined) throw new Error(`the sandbox has no order ${orderId}`);
    change(order);
    order.lastModifiedDate = new Date(Math.max(now().getTime(), Date.parse(order.lastModifiedDate) + 1)).toISOString();
  };

  return {
    baseUrl,
    credentials: oauth.credentials,
    get state() {
      return state;
    },
    server,
    exchanges: server.calls,
    signingKeyId: signer.kid,
    get tokensMinted() {
      return oauth.minted;
    },
    listSku(sku, { marketplaceId = 'EBAY_US', quantity, locations, published = true }) {
      const distributions = new Map(Object.entries(locations ?? {}));
      const total = quantity ?? [...distributions.values()].reduce((sum, value) => sum + value, 0);
      state.items.set(sku, { sku, quantity: total, distributions });
      const existing = [...state.offers.values()].find((offer) => offer.sku === sku);
      const offer = existing ?? {
        offerId: state.newOfferId(),
        sku,
        marketplaceId,
        status: published ? 'PUBLISHED' : 'UNPUBLISHED',
        availableQuantity: total,
        listingId: state.newListingId(),
        price: { value: '19.99', currency: 'USD' },
      };
      Object.assign(offer, { marketplaceId, availableQuantity: total });
      state.offers.set(offer.offerId, offer);
      return { offerId: offer.offerId, listingId: offer.listingId };
    },
    locationQuantity: (sku, merchantLocationKey) => state.items.get(sku)?.distributions.get(merchantLocationKey),
    makeMalformed(sku) {
      const item = state.items.get(sku);
      if (item !== undefined) item.malformed = true;
    },
    availableQuantity: (sku) => [...state.offers.values()].find((offer) => offer.sku === sku)?.availableQuantity,
    refuseSku(sku, error = inventoryError(25002, `The listing of SKU ${sku} has ended and cannot be revised.`)) {
      state.refusals.set(sku, error);
    },
    clearRefusals: () => state.refusals.clear(),
    placeOrder({ lines, marketplaceId, pickupAt }) {
      const orderId = state.newOrderId();
      const at = now().toISOString();
      state.orders.set(orderId, {
        orderId,
        creationDate: at,
        lastModifiedDate: at,
        cancelled: false,
        pickupAt,
        lines: lines.map((line, index) => {
          const offer = [...state.offers.values()].find((candidate) => candidate.sku === line.sku);
          const item = state.items.get(line.sku);
          if (offer !== undefined) offer.availableQuantity = Math.max(0, offer.availableQuantity - line.quantity);
          if (item !== undefined) item.quantity = Math.max(0, item.quantity - line.quantity);
          // eBay takes a sale from the pickup store, or (shipped) from the seller's first location.
          const from = pickupAt ?? [...(item?.distributions.keys() ?? [])][0];
          if (item !== undefined && from !== undefined && item.distributions.has(from)) {
            item.distributions.set(from, Math.max(0, (item.distributions.get(from) ?? 0) - line.quantity));
          }
          return {
            lineItemId: `${10_000_000_000 + state.orders.size * 100 + index}`,
            sku: line.sku,
            quantity: line.quantity,
            marketplaceId: marketplaceId ?? offer?.marketplaceId ?? 'EBAY_US',
            fulfilled: false,
          };
        }),
      });
      return orderId;
    },
    cancelOrder: (orderId) =>
      touch(orderId, (order) => {
        order.cancelled = true;
      }),
    shipOrder: (orderId) =>
      touch(orderId, (order) => {
        for (const line of order.lines) line.fulfilled = true;
      }),
    orderConfirmation(orderId) {
      const order = state.orders.get(orderId);
      const line = order?.lines[0];
      return delivery({
        metadata: { topic: 'ORDER_CONFIRMATION', schemaVersion: '1.0', deprecated: false },
        notification: {
          notificationId: `${randomUUID()}_${randomUUID()}`,
          eventDate: order?.creationDate ?? now().toISOString(),
          publishDate: now().toISOString(),
          publishAttemptCount: 1,
          data: { orderId, lineItemId: line?.lineItemId, sku: line?.sku, quantity: line?.quantity },
        },
      });
    },
    sign: delivery,
    servePublicKey(kid, answer) {
      otherKeys.set(kid, answer);
    },
    expireTokens: () => oauth.expireAll(),
    storm(retryAfterSeconds) {
      server.faults.rateLimitNext(1_000_000, {
        retryAfterSeconds,
        body: {
          errors: [
            {
              errorId: 2001,
              domain: 'ACCESS',
              category: 'REQUEST',
              message: 'Too many requests. The request limit has been reached for the resource.',
            },
          ],
        },
      });
    },
    calm: () => server.faults.clear(),
    revisions: (listingId) => state.revisions.get(`${day()}:${listingId}`) ?? 0,
    day,
    addLocation(merchantLocationKey, name = merchantLocationKey) {
      state.locations.set(merchantLocationKey, { name });
    },
    reset() {
      state = createSandboxState();
      otherKeys.clear();
      server.faults.clear();
      server.clearCalls();
    },
    close: () => server.close(),
  };
}

function systemError(): SandboxEbayError {
  return {
    errorId: 195000,
    domain: 'API_NOTIFICATION',
    category: 'SYSTEM',
    message: 'There was a problem with an eBay internal system or process.',
  };
}

/** getInventoryLocations (`LocationResponse`): `limit` 1–100 (default 100), `offset`, `next` while more remain. */
function locationPage(request: SandboxRequest, state: SandboxState, baseUrl: string): SandboxResponse {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const limit = Number(single(request.query.limit) ?? '100');
  const offset = Number(single(request.query.offset) ?? '0');
  if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(offset) || offset < 0) {
    return {
      status: 400,
      body: {
        errors: [{ errorId: 25709, domain: 'API_INVENTORY', category: 'REQUEST', message: 'Invalid limit or offset.' }],
      },
    };
  }
  const all = [...state.locations.entries()];
  const page = (at: number) => `${baseUrl}/sell/inventory/v1/location?limit=${limit}&offset=${at}`;
  return {
    body: {
      href: page(offset),
      limit,
      offset,
      total: all.length,
      ...(offset + limit < all.length ? { next: page(offset + limit) } : {}),
      locations: all.slice(offset, offset + limit).map(([merchantLocationKey, { name }]) => ({
        merchantLocationKey,
        name,
        merchantLocationStatus: 'ENABLED',
        locationTypes: ['WAREHOUSE'],
      })),
    },
  };
}
