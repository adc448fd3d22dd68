import { Command, CommanderError } from 'commander';
import { type CliIo, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { readVersion } from '../cli-support/read-version.ts';
import { registerCheckCommand } from '../commands/check.ts';
import { registerDiffCommand } from '../commands/diff.ts';
import { registerLedgerCommand } from '../commands/ledger.ts';
import { registerPreviewCommand } from '../commands/preview.ts';
import { registerReconcileCommand } from '../commands/reconcile.ts';
import { registerReplayCommand } from '../commands/replay.ts';
import { registerReplenishCommand } from '../commands/replenish.ts';
import { registerRunCommand } from '../commands/run.ts';
import { registerSchemaCommand } from '../commands/schema.ts';
import { registerShopifySubscribeCommand } from '../commands/shopify-subscribe.ts';
import { registerSimulateCommand } from '../commands/simulate.ts';

/** Runs `stockwire` with the given arguments (without `node` and the script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let exitCode: ExitCode = exitCodes.ok;
  const program = new Command('stockwire')
    .description(
      'Stockwire keeps sellable stock true across storefronts, marketplaces, ERPs, warehouses, 3PLs and POS.',
    )
    .version(readVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    // Set before the commands are added: subcommands inherit output and exit handling from here.
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ stockwire check --config examples/stockwire.yaml',
        '  $ stockwire preview --config examples/stockwire.yaml --positions examples/positions.yaml',
        '  $ REDIS_URL=redis://127.0.0.1:6379 stockwire run --config stockwire.yaml --port 8080',
        '  $ stockwire reconcile --connection erp --dry-run',
        '  $ stockwire replay --all',
        '  $ stockwire help run',
      ].join('\n'),
    );
  const context = { io, setExitCode: (code: ExitCode) => (exitCode = code) };
  registerCheckCommand(program, context);
  registerPreviewCommand(program, context);
  registerDiffCommand(program, context);
  registerRunCommand(program, context);
  registerReconcileCommand(program, context);
  registerReplayCommand(program, context);
  registerLedgerCommand(program, context);
  registerReplenishCommand(program, context);
  registerSimulateCommand(program, context);
  registerShopifySubscribeCommand(program, context);
  registerSchemaCommand(program, context);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    // Commander has already printed its message. --help and --version end here too, with exit code 0;
    // every other commander error is about the command line (a usage error, exit 2, not commander's 1).
    if (error instanceof CommanderError) return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    throw error;
  }
  return exitCode;
}
