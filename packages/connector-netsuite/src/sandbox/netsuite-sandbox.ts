import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createRouter,
  createSandboxServer,
  type SandboxCall,
  type SandboxFaults,
  type SandboxRequest,
  type SandboxResponse,
} from '@stockwire/connector-kit/sandbox';
import { type M2mClient, verifyClientAssertion } from './oauth2-verification.ts';
import { concurrencyExceeded, invalidLogin } from './sandbox-answers.ts';
import { answerCreateAdjustment, answerSuiteQl } from './sandbox-routes.ts';
import { createSandboxSalesOrders } from './sandbox-sales-orders.ts';
import { createSandboxState, type SandboxState } from './sandbox-state.ts';
import { createSuiteQlEngine } from './suiteql-engine.ts';
import { type TbaAccount, verifyTbaRequest } from './tba-verification.ts';

export interface NetSuiteSandboxOptions {
  /** The account id (TBA realm). Default `1234567_SB1`. */
  readonly account?: string;
  /** Concurrent requests the account allows; the next one is refused with 429. Default 5. */
  readonly concurrencyLimit?: number;
  /** How long each request holds its slot, so concurrency can be observed. Default 0. */
  readonly holdMs?: number;
  /** Sandbox clock for record dates. Default the system clock. */
  readonly now?: () => Date;
}

/** One request and the answer it got, for the contract test. */
export interface NetSuiteExchange {
  readonly request: SandboxRequest;
  readonly response: SandboxResponse;
}

export interface NetSuiteSandbox extends SandboxState, ReturnType<typeof createSandboxSalesOrders> {
  readonly baseUrl: string;
  readonly account: string;
  /** The token-based credentials the sandbox accepts. */
  readonly tba: TbaAccount;
  /** The OAuth 2 M2M client the sandbox accepts, with the private key of its certificate (PEM). */
  readonly m2m: M2mClient & { readonly privateKeyPem: string };
  readonly tokenPath: string;
  readonly calls: readonly SandboxCall[];
  readonly exchanges: readonly NetSuiteExchange[];
  readonly faults: SandboxFaults;
  /** The most requests that were ever in flight at once. */
  readonly maxInFlight: number;
  setConcurrencyLimit(limit: number): void;
  setHoldMs(milliseconds: number): void;
  /** Every request is refused as over the concurrency limit, with a `Retry-After` (a sandbox hint; see README). */
  storm(retryAfterSeconds: number): void;
  calm(): void;
  /** Revokes every token: the credentials stop working, as a revoked access token does. */
  revokeCredentials(): void;
  close(): Promise<void>;
}

const tokenPath = '/services/rest/auth/oauth2/v1/token';
const random = (bytes: number) => randomBytes(bytes).toString('hex');

/** A local SuiteTalk REST server: SuiteQL over a real SQL engine, records, TBA and OAuth 2, concurrency governance. */
export async function createNetSuiteSandbox(options: NetSuiteSandboxOptions = {}): Promise<NetSuiteSandbox> {
  const account = options.account ?? '1234567_SB1';
  const now = options.now ?? (() => new Date());
  const engine = createSuiteQlEngine();
  const state = createSandboxState(engine, now);
  const salesOrders = createSandboxSalesOrders(engine.database, state, now);
  const tba: TbaAccount = {
    realm: account,
    consumerKey: random(32),
    consumerSecret: random(32),
    tokenId: random(32),
    tokenSecret: random(32),
  };
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const m2m = {
    clientId: random(32),
    certificateId: random(20),
    publicKey: keys.publicKey,
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  const tokens = new Map<string, number>();
  const nonces = new Set<string>();
  const exchanges: NetSuiteExchange[] = [];
  let concurrencyLimit = options.concurrencyLimit ?? 5;
  let holdMs = options.holdMs ?? 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let stormSeconds: number | undefined;
  let revoked = false;
  let origin = '';

  const authorized = (request: SandboxRequest): boolean => {
    if (revoked) return false;
    const header = request.headers.authorization ?? '';
    if (header.startsWith('Bearer ')) return (tokens.get(header.slice(7)) ?? 0) > now().getTime();
    const url = new URL(request.path, `http://${request.headers.host ?? '127.0.0.1'}`);
    for (const [name, value] of Object.entries(request.query)) {
      for (const single of Array.isArray(value) ? value : [value]) url.searchParams.append(name, single);
    }
    const verdict = verifyTbaRequest({ method: request.method, url, authorization: header }, tba, {
      nowSeconds: Math.floor(now().getTime() / 1_000),
      seenNonces: nonces,
    });
    return verdict.ok;
  };

  const issueToken = (request: SandboxRequest): SandboxResponse => {
    const form = new URLSearchParams(request.bodyText);
    const refuse = (reason: string) => ({ status: 400, body: { error: 'invalid_grant', error_description: reason } });
    if (revoked) return refuse('the integration record is disabled');
    if (form.get('grant_type') !== 'client_credentials') return refuse('grant_type must be client_credentials');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
      return refuse('bad client_assertion_type');
    const verdict = verifyClientAssertion(form.get('client_assertion') ?? '', m2m, {
      audience: `${origin}${tokenPath}`,
      nowSeconds: Math.floor(now().getTime() / 1_000),
    });
    if (!verdict.ok) return refuse(verdict.reason);
    const token = `${randomUUID()}.${random(16)}`;
    tokens.set(token, now().getTime() + 3_600_000);
    return { body: { access_token: token, expires_in: '3600', token_type: 'bearer' } };
  };

  const router = createRouter()
    .on('POST', '/services/rest/query/v1/suiteql', (request) => answerSuiteQl(request, engine, origin))
    .on('POST', '/services/rest/record/v1/inventoryAdjustment', (request) =>
      answerCreateAdjustment(request, state, origin),
    );

  const handle = async (request: SandboxRequest): Promise<SandboxResponse> => {
    if (request.method === 'POST' && request.path === tokenPath) return issueToken(request);
    if (stormSeconds !== undefined) return concurrencyExceeded({ 'retry-after': String(stormSeconds) });
    if (inFlight >= concurrencyLimit) return concurrencyExceeded();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (holdMs > 0) await sleep(holdMs);
      if (!authorized(request)) return invalidLogin();
      return await router.handle(request);
    } finally {
      inFlight--;
    }
  };

  const server = await createSandboxServer({
    handle: async (request) => {
      const response = await handle(request);
      exchanges.push({ request, response });
      return response;
    },
  });
  origin = server.url;

  return {
    ...state,
    ...salesOrders,
    baseUrl: server.url,
    account,
    tba,
    m2m,
    tokenPath,
    calls: server.calls,
    exchanges,
    faults: server.faults,
    get maxInFlight() {
      return maxInFlight;
    },
    setConcurrencyLimit(limit) {
      concurrencyLimit = limit;
    },
    setHoldMs(milliseconds) {
      holdMs = milliseconds;
    },
    storm(retryAfterSeconds) {
      stormSeconds = retryAfterSeconds;
    },
    calm() {
      stormSeconds = undefined;
    },
    revokeCredentials() {
      revoked = true;
      tokens.clear();
    },
    async close() {
      await server.close();
      engine.close();
    },
  };
}
