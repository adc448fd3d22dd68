import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { shipHeroMessageIdHeader, shipHeroSignatureHeader, signShipHeroWebhook } from '@stockwire/connector-shiphero';
import type { AuthorityWarehouse } from './shiphero-authority.ts';

/** What the poster thread is given (see postWebhooks in webhook-arrival.ts). */
export interface PosterInput {
  /** `http://127.0.0.1:PORT/webhooks/<connection>`. */
  readonly url: string;
  readonly secret: string;
  readonly eventsPerSecond: number;
  readonly events: number;
  readonly skus: readonly string[];
  /** One per location, in the world's order. */
  readonly warehouses: readonly AuthorityWarehouse[];
  /** Keep-alive connections at most, as a vendor's pool of delivery workers. */
  readonly sockets: number;
  readonly accountId: number;
}

/** What it reports: per event, when its POST started and how long its answer took; every failure counted. */
export interface PosterOutput {
  /** `performance.timeOrigin + performance.now()` at each POST, by event index (the clock both threads share). */
  readonly sentAt: Float64Array;
  /** From the POST to the whole answer read, ms, by event index. */
  readonly answerMs: Float64Array;
  /** Of that, the wait for a free connection of the pool (the vendor's side), ms, by event index. */
  readonly connectionWaitMs: Float64Array;
  /** Connections open at once at most. */
  readonly peakConnections: number;
  /** This thread's CPU from 'go' to the last answer, ms. */
  readonly cpuMs: number;
  /** Answered, but not 200 with ShipHero's expected body (the vendor would deliver again). */
  readonly refused: number;
  /** No answer: the connection failed. */
  readonly failed: number;
  /** The first refusal or failure, for the report. */
  readonly firstProblem: string | undefined;
}

/** The answer ShipHero takes as received; anything else it retries. */
const expectedAnswer = JSON.stringify({ code: '200', Message: 'Success' });

/**
 * The vendor's side of the webhook rows, on its own thread so that building, signing and posting deliveries do not
 * run on the runner's event loop (a vendor posts from elsewhere): every 10 ms the deliveries due at the steady
 * rate are posted at once, one ShipHero Inventory Update per event (one SKU at one warehouse, its new on hand),
 * signed as ShipHero signs (base64 HMAC-SHA256 of the raw body with the subscription's secret) under a message id
 * of its own. Event `i` sets the same position to the same value as the other arrivals' event `i`.
 */
const input = workerData as PosterInput;
const target = new URL(input.url);
const agent = new Agent({ keepAlive: true, maxSockets: input.sockets });
const positions = input.skus.length * input.warehouses.length;
const sentAt = new Float64Array(input.events);
const answerMs = new Float64Array(input.events);
const connectionWaitMs = new Float64Array(input.events);
let peakConnections = 0;
// What each warehouse holds of each SKU, for the account totals the body carries beside the warehouse's own.
const onHand = new Int32Array(positions);
let refused = 0;
let failed = 0;
let firstProblem: string | undefined;
const now = () => performance.timeOrigin + performance.now();

function bodyOf(index: number): string {
  const position = index % positions;
  const value = 1 + Math.floor(index / positions);
  const skuIndex = position % input.skus.length;
  const warehouseIndex = Math.floor(position / input.skus.length);
  const warehouse = input.warehouses[warehouseIndex] as AuthorityWarehouse;
  onHand[position] = value;
  let total = 0;
  for (let other = 0; other < input.warehouses.length; other++)
    total += onHand[other * input.skus.length + skuIndex] ?? 0;
  // The shape ShipHero sends (and the sandbox's createSandboxWebhooks builds): counts as strings, one line.
  return JSON.stringify({
    account_id: input.accountId,
    account_uuid: Buffer.from(`Account:${input.accountId}`).toString('base64'),
    webhook_type: 'Inventory Update',
    inventory: [
      {
        sku: input.skus[skuIndex],
        inventory: String(total),
        backorder_quantity: '0',
        on_hand: String(total),
        virtual: false,
        sell_ahead: 0,
        qty_in_totes: 0,
        reserve: 0,
        updated_warehouse: {
          warehouse_id: warehouse.legacyId,
          warehouse_uuid: warehouse.uuid,
          identifier: warehouse.identifier,
          inventory: String(value),
          backorder_quantity: '0',
          on_hand: String(value),
          sell_ahead: 0,
          qty_in_totes: 0,
          reserve: 0,
          non_sellable: 0,
        },
        non_sellable: 0,
      },
    ],
  });
}

const problem = (text: string) => {
  firstProblem ??= text;
};

function post(index: number): Promise<void> {
  const body = Buffer.from(bodyOf(index), 'utf8');
  const headers = {
    'content-type': 'application/json',
    'content-length': String(body.length),
    [shipHeroSignatureHeader]: signShipHeroWebhook(input.secret, body),
    [shipHeroMessageIdHeader]: `shiphero-message-${String(index + 1).padStart(7, '0')}`,
  };
  return new Promise((resolve) => {
    const started = now();
    sentAt[index] = started;
    const outgoing = request(
      { agent, method: 'POST', host: target.hostname, port: target.port, path: target.pathname, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          answerMs[index] = now() - started;
          const text = Buffer.concat(chunks).toString('utf8');
          if (answer.statusCode !== 200 || text !== expectedAnswer) {
            refused++;
            problem(`${answer.statusCode}: ${text.slice(0, 200)}`);
          }
          resolve();
        });
        answer.on('error', (error) => {
          answerMs[index] = Number.NaN;
          failed++;
          problem(String(error));
          resolve();
        });
      },
    );
    outgoing.once('socket', () => {
      connectionWaitMs[index] = now() - started;
      let open = 0;
      for (const sockets of Object.values(agent.sockets)) open += sockets?.length ?? 0;
      peakConnections = Math.max(peakConnections, open);
    });
    outgoing.on('error', (error) => {
      answerMs[index] = Number.NaN;
      failed++;
      problem(String(error));
      resolve();
    });
    outgoing.end(body);
  });
}

parentPort?.once('message', async () => {
  const posts: Array<Promise<void>> = [];
  const cpuAtStart = process.threadCpuUsage();
  const started = performance.now();
  let next = 0;
  while (next < input.events) {
    const due = Math.min(input.events, Math.floor(((performance.now() - started) / 1_000) * input.eventsPerSecond) + 1);
    for (; next < due; next++) posts.push(post(next));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(posts);
  agent.destroy();
  const cpu = process.threadCpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1_000;
  const output: PosterOutput = {
    ...{ sentAt, answerMs, connectionWaitMs, peakConnections, cpuMs },
    ...{ refused, failed, firstProblem },
  };
  parentPort?.postMessage(output);
});
parentPort?.postMessage('ready');
