import { renderSimulationReport, runSimulation, scenarioNames } from '@stockwire/simulator';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';

export interface SimulateOptions {
  readonly scenario: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly compareBuffers?: boolean;
}

export function registerSimulateCommand(program: Command, context: CommandContext): void {
  program
    .command('simulate')
    .summary('run a seeded market scenario: Stockwire beside a 15-minute sync and a naive real-time sync')
    .description(
      'Runs a seeded, repeatable market scenario on a simulated clock and scores three ways of syncing the same ' +
        'demand: Stockwire, a periodic sync every 15 minutes (the common setting of today’s tools) and a naive ' +
        'real-time sync that copies on-hand without reservations, buffers or ordering. Scores: units oversold and ' +
        'orders that would be cancelled, hidden stock (unit-seconds shown as zero while sellable), drift, ' +
        `event-to-channel latency and API calls. Scenarios: ${scenarioNames.join(', ')}.`,
    )
    .requiredOption('-s, --scenario <name>', `the scenario (${scenarioNames.join(', ')})`)
    .option('--seed <number>', 'the seed: the same seed gives the same report', '1')
    .option('--json', 'print the report as JSON')
    .option('--compare-buffers', 'also run Stockwire with no buffer, a static buffer and a dynamic buffer')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done, 2 wrong command line (an unknown scenario is listed with the valid ones).',
        '',
        'Examples:',
        '  $ stockwire simulate --scenario flash-sale',
        '  $ stockwire simulate --scenario flash-sale --seed 7 --json',
        '  $ stockwire simulate --scenario webhook-storm --compare-buffers',
      ].join('\n'),
    )
    .action(async (options: SimulateOptions) => {
      context.setExitCode(await runSimulateCommand(options, context.io));
    });
}

export async function runSimulateCommand(options: SimulateOptions, io: CliIo): Promise<ExitCode> {
  try {
    const seed = Number(options.seed);
    if (!Number.isInteger(seed)) throw new UsageError(`--seed "${options.seed}" is not a whole number`);
    if (!(scenarioNames as readonly string[]).includes(options.scenario)) {
      throw new UsageError(`unknown scenario "${options.scenario}"; choose one of ${scenarioNames.join(', ')}`);
    }
    // Progress goes to stderr, so `--json` output stays clean for pipes.
    const report = await runSimulation(
      { scenario: options.scenario, seed, compareBuffers: options.compareBuffers === true },
      (line) => io.stderr(`${line}\n`),
    );
    io.stdout(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderSimulationReport(report));
    return exitCodes.ok;
  } catch (error) {
    return reportCommandError(error, io, 'simulate');
  }
}
