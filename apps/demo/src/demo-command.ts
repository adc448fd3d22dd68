import {
  type CliIo,
  type ExitCode,
  exitCodes,
  reportCommandError,
  UsageError,
  waitForShutdownSignal,
} from '@stockwire/runner';
import { Command, CommanderError } from 'commander';
import { runDemo } from './run-demo.ts';

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

/** Runs the demo with the given arguments (without `node` and the script) and returns the exit code. */
/**
 * The exit code of a demo whose end-of-run check found a channel that does not show what Stockwire computed, so a
 * script (or CI) running `pnpm demo --exit` sees the failure, not only a reader of the output.
 */
export const demoCheckFailedExitCode = 4;

export async function runDemoCli(
  argv: readonly string[],
  io: CliIo,
): Promise<ExitCode | typeof demoCheckFailedExitCode> {
  let exitCode: ExitCode | typeof demoCheckFailedExitCode = exitCodes.ok;
  const program = new Command('pnpm demo')
    .helpOption('-h, --help', 'show this help')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
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
      'shoppers on Amazon too. Each order reaches the runner as Amazon delivers it: an SP-API ORDER_CHANGE ' +
        'notification on the SQS queue (held within seconds), with the searchOrders poll as the backstop (the same ' +
        'order found twice is held once)',
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
        '  $ pnpm demo --duration 30 --seed 7',
        '  $ pnpm demo --duration 20 --exit',
        '  $ REDIS_URL=redis://127.0.0.1:6379 pnpm demo --port 9000',
      ].join('\n'),
    )
    .action(async (options: DemoOptions) => {
      exitCode = await runDemoCommand(options, io);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander has printed its message; --help ends here too, with exit code 0. Anything else is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    throw error;
  }
  return exitCode;
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

async function runDemoCommand(options: DemoOptions, io: CliIo): Promise<ExitCode | typeof demoCheckFailedExitCode> {
  try {
    const converged = await runDemo(
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
      io,
      stopWithParent(waitForShutdownSignal()),
    );
    return converged ? exitCodes.ok : demoCheckFailedExitCode;
  } catch (error) {
    if (UsageError.isInstance(error)) {
      io.stderr(`error: ${error.message}\n(run "pnpm demo --help" for usage)\n`);
      return exitCodes.usage;
    }
    return reportCommandError(error, io, 'demo');
  }
}
