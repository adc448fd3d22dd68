import { randomBytes } from 'node:crypto';
import { createSandboxServer, type SandboxRequest, type SandboxResponse } from '@stockwire/connector-kit/sandbox';
import type { ShipBobApiVersion } from '../shipbob-settings.ts';
import { problem, rateLimited } from './sandbox-answers.ts';
import { createSandboxClock, type SandboxClock } from './sandbox-clock.ts';
import { createRateWindow } from './sandbox-rate-window.ts';
import { createSandboxReturns } from './sandbox-returns.ts';
import { createShipBobRoutes } from './sandbox-routes.ts';
import { createSandboxState, emptyLevel, type SandboxLevel } from './sandbox-state.ts';
import { createSandboxWebhooks } from './sandbox-webhooks.ts';

export interface ShipBobSandboxOptions {
  /** The dated version the sandbox speaks (its paths start with it). Default 2026-01. */
  apiVersion?: ShipBobApiVersion;
  clock?: SandboxClock;
  /** OAuth client the token endpoint accepts; a PAT is always accepted. */
  oauth?: { clientId: string; clientSecret: string; refreshToken: string };
  /** Lifetime of an issued access token by the sandbox's clock (ShipBob: an hour). */
  accessTokenSeconds?: number;
}

/** One request and the answer the sandbox gave, for the contract test. */
export interface ShipBobExchange {
  readonly request: SandboxRequest;
  readonly response: SandboxResponse;
}

/** A local ShipBob: inventory levels, receiving orders that advance with its clock, shipments, the rate window. */
export async function createShipBobSandbox(options: ShipBobSandboxOptions = {}) {
  const apiVersion = options.apiVersion ?? '2026-01';
  const clock = options.clock ?? createSandboxClock();
  const state = createSandboxState(clock);
  const window = createRateWindow(clock);
  const webhooks = createSandboxWebhooks(clock);
  const returnOrder = createSandboxReturns(state, clock, webhooks);
  const personalAccessToken = `pat_${randomBytes(12).toString('hex')}`;
  /** Issued access tokens: the application they belong to and when they expire by the sandbox's clock. */
  const issuedTokens = new Map<string, { application: string; expiresAt: number }>();
  const accessTokenSeconds = options.accessTokenSeconds ?? 3_600;
  let refreshToken = options.oauth?.refreshToken;
  const exchanges: ShipBobExchange[] = [];
  let url = '';
  let nextShipmentId = 900_001;
  const routes = createShipBobRoutes({ state, version: apiVersion, url: () => url });

  const token = (request: SandboxRequest): SandboxResponse => {
    const form = new URLSearchParams(request.bodyText);
    const oauth = options.oauth;
    if (
      oauth === undefined ||
      form.get('grant_type') !== 'refresh_token' ||
      form.get('client_id') !== oauth.clientId ||
      form.get('client_secret') !== oauth.clientSecret ||
      form.get('refresh_token') !== refreshToken
    ) {
      // RFC 6749 §5.2, as ShipBob's IdentityServer answers a spent, revoked or unknown refresh token.
      return { status: 400, body: { error: 'invalid_grant' } };
    }
    const accessToken = `oat_${randomBytes(12).toString('hex')}`;
    issuedTokens.set(accessToken, { application: oauth.clientId, expiresAt: clock.now() + accessTokenSeconds * 1_000 });
    // The old refresh token is spent: ShipBob's identity server rotates it on every use.
    refreshToken = `ort_${randomBytes(12).toString('hex')}`;
    return {
      body: {
        access_token: accessToken,
        expires_in: accessTokenSeconds,
        token_type: 'Bearer',
        refresh_token: refreshToken,
      },
    };
  };

  const answer = async (request: SandboxRequest): Promise<SandboxResponse> => {
    if (request.method === 'POST' && request.path === '/connect/token') return token(request);
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const issued = bearer === undefined ? undefined : issuedTokens.get(bearer);
    const application =
      bearer === personalAccessToken
        ? 'pat'
        : issued !== undefined && issued.expiresAt > clock.now()
          ? issued.application
          : undefined;
    if (application === undefined) {
      return request.path.includes('/inventory-level')
        ? problem(401, 'Unauthorized', 'the access token is missing, expired or revoked')
        : { status: 401 };
    }
    // ShipBob counts per user and application, across every API.
    const decision = window.take(`user-1/${application}`);
    if (!decision.allowed) return rateLimited(decision.retryAfterSeconds);
    state.settleReceiving();
    const routed = await routes.handle(request);
    return { ...routed, headers: { ...routed.headers, 'x-remaining-calls': String(decision.remaining) } };
  };

  const server = await createSandboxServer({
    async handle(request) {
      const answered = await answer(request);
      // Dated by the sandbox's clock, as ShipBob's answers are by ShipBob's: a test that advances it moves both.
      const response = { ...answered, headers: { ...answered.headers, date: new Date(clock.now()).toUTCString() } };
      exchanges.push({ request, response });
      return response;
    },
  });
  url = server.url;

  return {
    baseUrl: server.url,
    apiVersion,
    personalAccessToken,
    /** Where the sandbox's token endpoint answers (the `tokenUrl` setting of an OAuth connection). */
    tokenUrl: `${server.url}/connect/token`,
    clock,
    /** Revokes every issued access token (a refresh still works), as a password change or app re-install does. */
    revokeAccessTokens: () => issuedTokens.clear(),
    /** Revokes the current refresh token: the next refresh is refused with `invalid_grant`. */
    revokeRefreshToken() {
      refreshToken = undefined;
    },
    calls: server.calls,
    exchanges,
    faults: server.faults,
    maxCallsInWindow: server.maxCallsInWindow,
    rateWindow: window,
    webhooks,
    addFulfillmentCenter: (id: number, name = `FC ${id}`) => state.addCenter({ id, name }),
    addItem: (sku: string | null, itemOptions?: { inventoryId?: number; name?: string }) =>
      state.addItem(sku, itemOptions),
    /** Sets a level; fulfillable defaults to on hand less committed. */
    setLevel(inventoryId: number, center: number, level: Partial<SandboxLevel>) {
      const target = state.level(inventoryId, center);
      Object.assign(target, level);
      if (level.fulfillable_quantity === undefined) {
        target.fulfillable_quantity = Math.max(0, target.on_hand_quantity - target.committed_quantity);
      }
    },
    level: (inventoryId: number, center: number) => ({ ...state.level(inventoryId, center) }),
    /**
     * Puts a lot's quantities at one centre (fulfillable defaults to on hand less committed); `lotDate` is its
     * expiration date. The item's level is left to the test, as ShipBob's level already sums its lots.
     */
    setLot(
      inventoryId: number,
      center: number,
      lot: { lotNumber: string; lotDate: string | null } & Partial<SandboxLevel>,
    ) {
      const { lotNumber, lotDate, ...quantities } = lot;
      const owner = state.item(inventoryId);
      let found = owner.lots.find((candidate) => candidate.lot_number === lotNumber);
      if (found === undefined) {
        found = { lot_number: lotNumber, lot_date: lotDate, levels: new Map() };
        owner.lots.push(found);
      }
      found.lot_date = lotDate;
      const target = { ...emptyLevel(), ...(found.levels.get(center) ?? {}), ...quantities };
      if (quantities.fulfillable_quantity === undefined) {
        target.fulfillable_quantity = Math.max(0, target.on_hand_quantity - target.committed_quantity);
      }
      found.levels.set(center, target);
    },
    makeMalformed(inventoryId: number) {
      state.item(inventoryId).malformed = true;
    },
    findItem: (sku: string) => [...state.items.values()].find((item) => item.sku === sku)?.inventory_id,
    addReceivingOrder(order: {
      fulfillmentCenter: number;
      lines: Array<{ inventoryId: number; quantity: number }>;
      /** When it arrives and is half received, and when it is fully received, from now. */
      arrivesInMs: number;
      completesInMs: number;
      purchaseOrderNumber?: string;
    }) {
      const now = clock.now();
      return state.addReceivingOrder({
        fulfillmentCenter: order.fulfillmentCenter,
        purchaseOrderNumber: order.purchaseOrderNumber ?? `PO-${now}`,
        expectedArrivalAt: now + order.arrivesInMs,
        arrivesAt: now + order.arrivesInMs,
        completesAt: now + order.completesInMs,
        lines: order.lines.map((line) => ({
          inventory_id: line.inventoryId,
          sku: state.item(line.inventoryId).sku,
          expected_quantity: line.quantity,
        })),
      });
    },
    /**
     * Ships units from a fulfilment centre: on hand and fulfillable fall, and `order.shipped` goes to the webhook
     * subscription (when there is one) with the shipment as its body (`Orders.ShipmentViewModel`).
     */
    async shipOrder(order: {
      fulfillmentCenter: number;
      referenceId: string;
      lines: Array<{ inventoryId: number; quantity: number }>;
    }) {
      const shipmentId = nextShipmentId++;
      const at = clock.iso();
      for (const line of order.lines) {
        const target = state.level(line.inventoryId, order.fulfillmentCenter);
        target.on_hand_quantity = Math.max(0, target.on_hand_quantity - line.quantity);
        target.fulfillable_quantity = Math.max(0, target.fulfillable_quantity - line.quantity);
      }
      const shipment = {
        id: shipmentId,
        order_id: shipmentId - 200_000,
        reference_id: order.referenceId,
        status: 'Completed',
        location: { id: order.fulfillmentCenter, name: state.centers.get(order.fulfillmentCenter)?.name ?? null },
        created_date: at,
        actual_fulfillment_date: at,
        last_update_at: at,
        is_tracking_uploaded: false,
        products: order.lines.map((line, index) => {
          const item = state.item(line.inventoryId);
          return {
            id: index + 1,
            reference_id: item.sku,
            sku: item.sku,
            name: item.name,
            inventory_items: [
              { id: item.inventory_id, name: item.name, quantity: line.quantity, is_dangerous_goods: false },
            ],
          };
        }),
      };
      return { shipment, delivery: await webhooks.send('order.shipped', shipment).catch(() => undefined) };
    },
    /**
     * A customer return processed at a fulfilment centre: `return.created`, `return.updated` (arrived), then the
     * restocked units go back on hand and `return.completed` goes out (`Returns.PublicReturnDto` bodies).
     */
    returnOrder,
    reset() {
      state.clear();
      issuedTokens.clear();
      refreshToken = options.oauth?.refreshToken;
      window.reset();
      server.faults.clear();
      exchanges.length = 0;
      server.clearCalls();
    },
    close: () => server.close(),
  };
}
export type ShipBobSandbox = Awaited<ReturnType<typeof createShipBobSandbox>>;
