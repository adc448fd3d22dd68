import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalog, type StockwireConfiguration } from '@stockwire/model';
import {
  type CliIo,
  createHttpServer,
  createLogger,
  createRunner,
  loadConfiguration,
  type Runner,
  UnavailableError,
  UsageError,
} from '@stockwire/runner';
import {
  checkDemoOrderChange,
  type DemoAmazonNotification,
  pickNotificationSku,
  sendDemoOrderChange,
} from './demo-amazon-notification.ts';
import { checkDemoConvergence, demoConverged, describeDemoConvergence } from './demo-convergence.ts';
import { createDemoMarket } from './demo-market.ts';
import { provideDemoRedis } from './demo-redis.ts';
import { startDemoSandboxes } from './demo-sandboxes.ts';
import { renderDemoFrame } from './demo-view.ts';
import { createDemoStock, demoConnections, demoPlaces, missingDemoConnections } from './demo-world.ts';

export interface DemoSettings {
  readonly config: string;
  readonly durationSeconds: number;
  readonly seed: number;
  readonly port: number;
  readonly host: string;
  /** Stop once the scenario is over and the channels have caught up, instead of keeping the dashboard up. */
  readonly exitAfterScenario: boolean;
  /** Redraw the live view in place (a terminal); otherwise print a progress line now and then. */
  readonly live: boolean;
  /** Shoppers on Amazon too (merchant-fulfilled orders, routed by the engine; announced over SQS, polled as backstop). */
  readonly amazonOrders: boolean;
}

type HttpServer = Awaited<ReturnType<typeof createHttpServer>>;

async function listen(server: HttpServer, host: string, port: number): Promise<string> {
  try {
    return await server.listen({ host, port });
  } catch (error) {
    // The usual port is taken (another demo, another app): any free one will do, the URL is printed.
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0)
      return await server.listen({ host, port: 0 });
    throw new UnavailableError(`cannot listen on ${host}:${port}: ${(error as Error).message}`, { cause: error });
  }
}

async function waitForPushes(runner: Runner, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const pushing = [...runner.connections.values()].filter((entry) => entry.connector.push);
  while (Date.now() < deadline) {
    const counts = await Promise.all(pushing.map(({ name }) => runner.engine.dirtyCount(name)));
    if (counts.every((count) => count === 0)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * The README's first command: Redis, the three sandboxes and a runner with the demo configuration, a market
 * played against them with a live view, then the dashboard until Ctrl-C. Everything it starts, it stops.
 */
/** Resolves to the end-of-run check's verdict: true when every channel shows what Stockwire computed. */
export async function runDemo(settings: DemoSettings, io: CliIo, shutdown: Promise<unknown>): Promise<boolean> {
  const loaded = await loadConfiguration(settings.config, { cwd: io.cwd });
  const missing = missingDemoConnections(loaded.configuration);
  if (missing.length > 0) {
    throw new UsageError(
      `${settings.config} has no connection named ${missing.join(', ')}: the demo drives the connections of examples/demo/stockwire.yaml`,
    );
  }
  const stopAll: Array<() => Promise<void>> = [];
  const stopEverything = async () => {
    for (const stop of stopAll.reverse()) await stop().catch(() => {});
  };
  try {
    io.stdout('Starting Redis…\n');
    const redis = await provideDemoRedis(process.env);
    stopAll.push(() => redis.stop());
    io.stdout(redis.startedHere ? `  redis-server on ${redis.url}\n` : `  using REDIS_URL\n`);

    const catalog = buildCatalog(loaded.configuration);
    const places = demoPlaces(catalog);
    const stock = createDemoStock(catalog, places, settings.seed);
    io.stdout('Starting the Shopify, Amazon and ERP sandboxes…\n');
    const sandboxes = await startDemoSandboxes(loaded.configuration, catalog, places, stock);
    stopAll.push(() => sandboxes.close());
    io.stdout(
      `  Shopify Admin API ${sandboxes.shopify.baseUrl} · SP-API ${sandboxes.amazon.baseUrl} · files ${sandboxes.folders.root}\n`,
    );

    const configuration: StockwireConfiguration = sandboxes.pointAtSandboxes(loaded.configuration);
    const logFile = join(tmpdir(), `stockwire-demo-${process.pid}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    stopAll.push(() => new Promise<void>((resolve) => log.end(() => resolve())));
    const adminToken = process.env.STOCKWIRE_ADMIN_TOKEN || randomBytes(12).toString('base64url');
    const runner = await createRunner({
      configuration,
      redisUrl: redis.url,
      options: {
        // A prefix of its own per run: a shared REDIS_URL keeps other installations' keys apart.
        keyPrefix: `demo-${Date.now().toString(36)}`,
        pushDebounceMs: 100,
        // Amazon patches five listings a second: what the limiter defers goes out again a second later.
        pushRetryDelayMs: 1_000,
        sweepIntervalSeconds: 5,
        reconcileIntervalSeconds: 0,
      },
      environment: { ...process.env, ...sandboxes.environment },
      baseDirectory: loaded.directory,
      logger: createLogger({ level: 'info', write: (line) => log.write(line), secrets: [adminToken] }),
    });
    stopAll.push(() => runner.close());
    const server = await createHttpServer({ runner, adminToken });
    stopAll.push(() => server.close());
    const address = await listen(server, settings.host, settings.port);
    const base = address.replace('0.0.0.0', '127.0.0.1');
    await runner.start();
    io.stdout(`Runner up at ${base} (log: ${logFile})\n`);

    io.stdout('Loading stock: the ERP snapshot and Amazon’s FBA inventory…\n');
    for (const connection of [demoConnections.erp, demoConnections.amazon]) {
      const summary = await runner.reconcile(connection);
      io.stdout(`  ${connection}: ${summary.records} records, ${summary.snapshotsApplied} positions loaded\n`);
    }
    const dashboard = `${base}/dashboard`;
    io.stdout(`Dashboard: ${dashboard}   (admin token: ${adminToken})\n\n`);

    const durationMs = settings.durationSeconds * 1000;
    const notificationSku = pickNotificationSku(catalog);
    let notification: DemoAmazonNotification | undefined;
    const market = createDemoMarket({
      sandboxes,
      catalog,
      stock,
      shopifyWebhookUrl: `${base}/webhooks/${demoConnections.shopify}`,
      seed: settings.seed,
      durationMs,
      amazonOrders: settings.amazonOrders,
      ...(notificationSku === undefined
        ? {}
        : {
            amazonNotification: {
              sku: notificationSku,
              send: () => {
                notification = sendDemoOrderChange(sandboxes, catalog, notificationSku, 2);
                return notification.quantity;
              },
            },
          }),
    });
    const stopMarket = new AbortController();
    shutdown.then(() => stopMarket.abort()).catch(() => {});
    const started = Date.now();
    const frame = async () =>
      await renderDemoFrame({ runner, market, elapsedMs: Date.now() - started, durationMs, seed: settings.seed });
    let lastProgress = 0;
    const view = setInterval(() => {
      void frame().then((text) => {
        if (settings.live) io.stdout(`\x1b[H\x1b[2J${text}`);
        else if (Date.now() - lastProgress >= 5_000) {
          lastProgress = Date.now();
          io.stdout(`${text.split('\n').slice(0, 6).join('\n')}\n\n`);
        }
      });
    }, 1_000);
    try {
      await market.run(stopMarket.signal);
    } finally {
      clearInterval(view);
    }
    if (stopMarket.signal.aborted) return true;

    io.stdout(await frame());
    io.stdout('\nThe market has closed; letting every channel catch up…\n');
    const caughtUp = await waitForPushes(runner, 30_000);
    const convergence = await checkDemoConvergence(runner, sandboxes, catalog);
    const orderChange = await checkDemoOrderChange(runner, sandboxes, catalog, notification, (sku) =>
      market.freeUnits(sku),
    );
    const { tally } = market;
    io.stdout(
      [
        `  ${tally.webOrders + tally.amazonOrders} orders, ${tally.unitsSold} units sold, ${tally.unitsOversold} oversold.`,
        ...describeDemoConvergence(convergence, caughtUp),
        `  ${orderChange.problem === undefined ? '' : 'FAILED: '}${orderChange.summary || orderChange.problem}`,
        `  Failed items: ${await runner.deadLetters.count()} (the ERP file with a typo, on purpose): see them on the dashboard.`,
        '  Compare with a 15-minute sync and a naive one: pnpm stockwire simulate --scenario flash-sale',
        '',
        `Dashboard: ${dashboard}   (admin token: ${adminToken})`,
        settings.exitAfterScenario ? '' : 'Press Ctrl-C to stop everything the demo started.',
        '',
      ].join('\n'),
    );
    if (!settings.exitAfterScenario) await shutdown;
    return demoConverged(convergence, caughtUp) && orderChange.problem === undefined;
  } finally {
    // Whoever started the demo may be gone (a closed terminal, a killed parent): a failed write must not stop the
    // clean-up, or the redis-server it started would be left running.
    const say = (text: string) => {
      try {
        io.stdout(text);
      } catch {}
    };
    say('Stopping the runner, the sandboxes and Redis…\n');
    await stopEverything();
    say('Stopped.\n');
  }
}
