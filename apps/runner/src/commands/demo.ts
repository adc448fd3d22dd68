import type { Command } from 'commander';
import type { CommandContext, ExitCode } from '../cli/cli-io.ts';
import { exitCodes } from '../cli/cli-io.ts';
import { reportCommandError } from '../cli/report-command-error.ts';
import { UsageError } from '../cli/usage-error.ts';
import { waitForShutdownSignal } from '../cli/wait-for-shutdown.ts';

export interface DemoOptions {
  readonly config: string;
  readonly duration: string;
  readonly seed: string;
  readonly port: string;
  readonly host: string;
  readonly exit?: boolean;
  readonly amazonOrders?: boolean;
}

function wholeNumber(option: string, text: string, minimum: number, maximum: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new UsageError(`${option} "${text}" must be a whole number from ${minimum} to ${maximum}`);
  }
  return value;
}

export function registerDemoCommand(program: Command, context: CommandContext): void {
  program
    .command('demo')
    .summary('see Stockwire work: sandboxes of Shopify, Amazon and an ERP, a runner, a flash sale, the dashboard')
    .description(
      'Starts Redis (the redis-server on your PATH, on a free port, or REDIS_URL), local sandboxes of Shopify’s ' +
        'Admin API, Amazon’s SP-API and an ERP’s file drop, and a runner with the demo configuration (50 SKUs, two ' +
        'warehouses and FBA, a store, a marketplace and a wholesale export). Then shoppers buy on the store and on ' +
        'Amazon while the ERP restocks, with a flash sale in the middle, and a live view shows orders, events, ' +
        'pushes and the flash-sale SKUs on every channel. Afterwards it checks every channel shows what Stockwire ' +
        'computed and keeps the dashboard up until Ctrl-C, which stops everything it started.',
    )
    .option('-c, --config <file>', 'the demo configuration', 'examples/demo/stockwire.yaml')
    .option('-d, --duration <seconds>', 'how long the market trades', '60')
    .option('--seed <number>', 'the seed of the stock and the shoppers', '1')
    .option('-p, --port <number>', 'HTTP port of the runner and its dashboard (a free one if taken)', '8080')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--exit', 'stop once the market has closed and the channels caught up, instead of keeping the dashboard up')
    .option(
      '--amazon-orders',
      'shoppers on Amazon too. Their orders reach the runner by polling searchOrders (a burst of 20 calls, then one ' +
        'every 3 minutes) until an SQS notification poller exists, so most arrive late and oversells become likely',
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done (or stopped with Ctrl-C), 1 the configuration has problems, 2 wrong command line,',
        '3 Redis is missing or a port cannot be used.',
        '',
        'Examples:',
        '  $ pnpm demo',
        '  $ stockwire demo --duration 30 --seed 7',
        '  $ REDIS_URL=redis://127.0.0.1:6379 stockwire demo --port 9000',
      ].join('\n'),
    )
    .action(async (options: DemoOptions) => {
      context.setExitCode(await runDemoCommand(options, context));
    });
}

/**
 * `pnpm demo` runs the demo as a child in its own process group (so one Ctrl-C is one signal). Should that script
 * be killed outright, the demo notices it was orphaned and stops too, taking its Redis and sandboxes with it.
 */
function stopWithParent(shutdown: Promise<unknown>): Promise<unknown> {
  if (process.env.STOCKWIRE_DEMO_STOP_WITH_PARENT !== '1') return shutdown;
  const parent = process.ppid;
  return Promise.race([
    shutdown,
    new Promise((resolve) => {
      const watch = setInterval(() => {
        if (process.ppid === parent) return;
        clearInterval(watch);
        resolve('parent-exited');
      }, 500);
      watch.unref();
    }),
  ]);
}

async function runDemoCommand(options: DemoOptions, context: CommandContext): Promise<ExitCode> {
  try {
    // Loaded on use: the sandboxes bring the vendors' SDKs, which every other command can do without.
    const { runDemo } = await import('../demo/run-demo.ts');
    await runDemo(
      {
        config: options.config,
        durationSeconds: wholeNumber('--duration', options.duration, 1, 86_400),
        seed: wholeNumber('--seed', options.seed, 0, 2 ** 31),
        port: wholeNumber('--port', options.port, 0, 65_535),
        host: options.host,
        exitAfterScenario: options.exit === true,
        amazonOrders: options.amazonOrders === true,
        live: process.stdout.isTTY === true && process.env.CI === undefined,
      },
      context.io,
      stopWithParent(waitForShutdownSignal()),
    );
    return exitCodes.ok;
  } catch (error) {
    return reportCommandError(error, context.io, 'demo');
  }
}
