import { createSandboxServer, type SandboxServer } from '@stockwire/connector-kit/sandbox';
import { fixtureHeaders } from './fixture-settings.ts';
import { fixtureSignature } from './fixture-webhooks.ts';

/** One item the fixture vendor received, with when its call arrived. */
export interface FixturePushedItem {
  readonly time: number;
  readonly channel: string;
  readonly sku: string;
  readonly quantity: number;
  readonly status: string;
}

/**
 * TEST FIXTURE — the imaginary vendor's API (a kit sandbox): `POST /availability` takes pushes, `GET /inventory`
 * shows what the vendor displays now. `fixtureWebhookHeaders` signs webhooks the way it does.
 */
export interface FixtureVendor {
  readonly url: string;
  readonly server: SandboxServer;
  /** Every item of every push call, in arrival order. */
  pushedItems(): FixturePushedItem[];
  /** Arrival times of the push calls, for checking the rate the vendor saw. */
  pushCallTimes(): number[];
  /** Someone changes what the vendor shows, behind Stockwire's back (what a reconciliation must notice). */
  setShown(sku: string, quantity: number): void;
  /** An order message the vendor lists at `GET /orders` (the fixture's order shape, see fixture-webhooks.ts). */
  addOrder(order: Record<string, unknown>): void;
  close(): Promise<void>;
}

export async function startFixtureVendor(): Promise<FixtureVendor> {
  /** What the vendor shows per SKU (its own names), at its one location `L1`. */
  const shown = new Map<string, number>();
  const orders: Array<Record<string, unknown>> = [];
  const server = await createSandboxServer({
    handle: (request) => {
      if (request.method === 'POST' && request.path === '/availability') {
        for (const item of (request.json as { items: Array<{ sku: string; quantity: number }> }).items) {
          shown.set(item.sku, item.quantity);
        }
        return { status: 200, body: { accepted: true } };
      }
      if (request.method === 'GET' && request.path === '/orders') {
        const after = Number(request.query.after ?? 0);
        return { status: 200, body: { orders: orders.slice(after), last: orders.length } };
      }
      if (request.method === 'GET' && request.path === '/inventory') {
        return {
          status: 200,
          body: { items: [...shown].map(([sku, available]) => ({ sku, location: 'L1', available })) },
        };
      }
      return { status: 404, body: { error: 'no such endpoint' } };
    },
  });
  const pushCalls = () => server.calls.filter((call) => call.path === '/availability' && call.status === 200);
  return {
    url: server.url,
    server,
    pushedItems: () =>
      pushCalls().flatMap((call) =>
        ((call.json as { items: Array<Omit<FixturePushedItem, 'time'>> }).items ?? []).map((item) => ({
          ...item,
          time: call.time,
        })),
      ),
    pushCallTimes: () => pushCalls().map((call) => call.time),
    setShown: (sku, quantity) => shown.set(sku, quantity),
    addOrder: (order) => {
      orders.push(order);
    },
    close: () => server.close(),
  };
}

/** The headers the fixture vendor sends with a webhook body, signed with `secret`. */
export function fixtureWebhookHeaders(body: string, secret: string, deliveryId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    [fixtureHeaders.signature]: fixtureSignature(body, secret),
    [fixtureHeaders.delivery]: deliveryId,
    [fixtureHeaders.topic]: 'inventory.adjusted',
  };
}
