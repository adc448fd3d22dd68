import { randomBytes } from 'node:crypto';
import type { SandboxFaults } from '@stockwire/connector-kit/sandbox';
import {
  createSandboxServer,
  type SandboxCall,
  type SandboxRequest,
  type SandboxResponse,
} from '@stockwire/connector-kit/sandbox';
import { createSandboxCredits, type SandboxCredits } from './shiphero-sandbox-credits.ts';
import { createSandboxGraphql, type GraphqlExchange } from './shiphero-sandbox-graphql.ts';
import { createSandboxState, type SandboxLevel, type SandboxWarehouse } from './shiphero-sandbox-state.ts';
import {
  createSandboxWebhooks,
  type SandboxMessage,
  type SandboxSubscription,
  type SandboxWebhookType,
} from './shiphero-sandbox-webhooks.ts';

export interface ShipHeroSandboxOptions {
  /** The credit bucket (default 1,001 credits restored at 15 per second, ShipHero's announced figures). */
  readonly credits?: { readonly maximum: number; readonly restorePerSecond: number };
  /** Lifetime of issued access tokens (ShipHero: about 28 days). */
  readonly tokenLifetimeSeconds?: number;
  readonly now?: () => number;
}

export interface ShipHeroSandbox {
  /** `http://127.0.0.1:PORT`: `/graphql`, `/auth/token`, `/auth/refresh`. */
  readonly baseUrl: string;
  /** The refresh token `/auth/refresh` takes. */
  readonly refreshToken: string;
  /** The user `/auth/token` takes. */
  readonly user: { readonly username: string; readonly password: string };
  readonly credits: SandboxCredits;
  readonly faults: SandboxFaults;
  /** Every HTTP request, in arrival order. */
  readonly calls: readonly SandboxCall[];
  /** Every GraphQL call: the document, its variables, what it cost and the answer. */
  readonly exchanges: readonly GraphqlExchange[];
  /** Every `inventory_replace` taken (the writes pushes made), in order. */
  readonly replacements: ReadonlyArray<{
    readonly sku: string;
    readonly warehouse_id: string;
    readonly quantity: number;
  }>;
  readonly messages: readonly SandboxMessage[];
  /** Every delivery POSTed to a subscriber, with the status it was answered with. */
  deliveryAttempts(): ReadonlyArray<{ readonly id: string; readonly status: number }>;
  addWarehouse(legacyId: number, identifier?: string): SandboxWarehouse;
  /** Counts set directly (an import): no change is logged or announced. */
  setLevel(sku: string, warehouse: string, counts: Partial<SandboxLevel>): void;
  level(sku: string, warehouse: string): SandboxLevel | undefined;
  /** An inventory adjustment by `change` units: logged, then announced to the subscribers. */
  adjust(sku: string, warehouse: string, change: number, reason?: string): Promise<void>;
  /** A pick and ship: the order's units leave on hand (and their allocation), logged and announced per line. */
  shipOrder(order: {
    readonly orderNumber: string;
    readonly warehouse: string;
    readonly lines: ReadonlyArray<{ readonly sku: string; readonly quantity: number }>;
  }): Promise<void>;
  /** Logs a change row without its SKU, as a broken row would come (malformed data for tests). */
  logMalformedChange(warehouse: string): void;
  /** The level's node goes out without its SKU. */
  makeMalformed(sku: string, warehouse: string): void;
  subscribe(type: SandboxWebhookType, url: string | (() => string)): SandboxSubscription;
  redeliver(messageId: string): Promise<void>;
  /** Every GraphQL call is refused as throttled with this wait until `calm()`. */
  storm(waitSeconds: number): void;
  calm(): void;
  /** Invalidates every issued access token, as a revoked or expired token is. */
  expireTokens(): void;
  reset(): void;
  maxCallsInWindow(windowMs: number, filter?: (call: SandboxCall) => boolean): number;
  close(): Promise<void>;
}

const json = (status: number, body: unknown): SandboxResponse => ({ status, body });

/** A local ShipHero: GraphQL over the served schema, credits, errors inside 200s, tokens and signed webhooks. */
export async function createShipHeroSandbox(options: ShipHeroSandboxOptions = {}): Promise<ShipHeroSandbox> {
  const now = options.now ?? Date.now;
  const state = createSandboxState(now);
  const credits = createSandboxCredits(options.credits ?? { maximum: 1_001, restorePerSecond: 15 }, now);
  let stormSeconds: number | undefined;
  const webhooks = createSandboxWebhooks(state, now);
  const graphql = createSandboxGraphql({
    state,
    credits,
    stormSeconds: () => stormSeconds,
    // ShipHero announces a replacement after it answered; a receiver that is down only loses the delivery.
    onChange: (change) => void webhooks.announce([change]).catch(() => undefined),
  });
  const refreshToken = `shiphero-refresh-${randomBytes(12).toString('hex')}`;
  const user = { username: 'api-user@example.com', password: `pw-${randomBytes(8).toString('hex')}` };
  const lifetime = options.tokenLifetimeSeconds ?? 2_419_200;
  const tokens = new Map<string, number>();

  const issue = (withRefresh: boolean): SandboxResponse => {
    const token = `eyJ.sandbox.${randomBytes(16).toString('hex')}`;
    tokens.set(token, now() + lifetime * 1_000);
    return json(200, {
      access_token: token,
      expires_in: lifetime,
      scope: 'openid profile offline_access',
      token_type: 'Bearer',
      ...(withRefresh ? { refresh_token: refreshToken } : {}),
    });
  };

  const handle = (request: SandboxRequest): SandboxResponse => {
    const body = (request.json ?? {}) as Record<string, unknown>;
    if (request.method !== 'POST') return json(405, { message: 'method not allowed' });
    if (request.path === '/auth/refresh') {
      return body.refresh_token === refreshToken ? issue(false) : json(401, { error: 'invalid refresh token' });
    }
    if (request.path === '/auth/token') {
      return body.username === user.username && body.password === user.password
        ? issue(true)
        : json(401, { error: 'wrong username or password' });
    }
    if (request.path !== '/graphql') return json(404, { message: `no route ${request.path}` });
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expiresAt = token === undefined ? undefined : tokens.get(token);
    if (expiresAt === undefined || expiresAt <= now())
      return json(401, { code: 401, message: 'Invalid or expired token' });
    return json(200, graphql.answer(request.json));
  };

  const server = await createSandboxServer({ handle });

  const announceChanges = async (rows: Parameters<typeof webhooks.announce>[0]) => await webhooks.announce(rows);

  return {
    baseUrl: server.url,
    refreshToken,
    user,
    credits,
    faults: server.faults,
    calls: server.calls,
    exchanges: graphql.exchanges,
    replacements: graphql.replacements,
    messages: webhooks.messages,
    deliveryAttempts: () => webhooks.subscriptions.flatMap((subscription) => subscription.deliverer.attempts),
    addWarehouse: (legacyId, identifier) => state.addWarehouse(legacyId, identifier),
    setLevel: (sku, warehouse, counts) => void state.setLevel(sku, warehouse, counts),
    level: (sku, warehouse) => state.levels.get(`${warehouse}/${sku}`)?.level,
    async adjust(sku, warehouse, change, reason = 'Adjusted from the ShipHero web dashboard') {
      await announceChanges([state.moveOnHand(sku, warehouse, change, reason)]);
    },
    async shipOrder(order) {
      const rows = order.lines.map((line) => {
        const level = state.levelOf(line.sku, order.warehouse).level;
        level.allocated = Math.max(0, level.allocated - line.quantity);
        return state.moveOnHand(line.sku, order.warehouse, -line.quantity, `Order ${order.orderNumber} shipped`);
      });
      await announceChanges(rows);
    },
    logMalformedChange(warehouse) {
      const row = state.moveOnHand('MALFORMED-ROW', warehouse, 1, 'broken row');
      row.sku = null;
    },
    makeMalformed(sku, warehouse) {
      state.levelOf(sku, warehouse).level.malformed = true;
    },
    subscribe: (type, url) => webhooks.subscribe(type, url),
    redeliver: (messageId) => webhooks.redeliver(messageId),
    storm(waitSeconds) {
      stormSeconds = waitSeconds;
    },
    calm() {
      stormSeconds = undefined;
    },
    expireTokens: () => tokens.clear(),
    reset() {
      state.reset();
      graphql.replacements.length = 0;
      stormSeconds = undefined;
      credits.refill();
      server.faults.clear();
    },
    maxCallsInWindow: (windowMs, filter) => server.maxCallsInWindow(windowMs, filter),
    close: () => server.close(),
  };
}
