import {
  bufferComparisonScenarios,
  compareBuffers,
  renderBufferComparison,
  renderSimulationReport,
  runSimulation,
  scenarioNames,
} from '@stockwire/simulator';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';

export interface SimulateOptions {
  readonly scenario?: string;
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
        `event-to-channel latency and API calls. Scenarios: ${scenarioNames.join(', ')}.\n\n` +
        'With --compare-buffers it runs Stockwire instead with no buffer, the configured fixed buffers, a fixed ' +
        'buffer of 5 and a dynamic buffer (policy.dynamicBuffer: sales velocity × push latency, within floor and ' +
        `ceiling), on the same seed, and prints units oversold and hidden stock for each, for --scenario or else ` +
        `for ${bufferComparisonScenarios.join(' and ')}.`,
    )
    .option('-s, --scenario <name>', `the scenario (${scenarioNames.join(', ')}); required without --compare-buffers`)
    .option('--seed <number>', 'the seed: the same seed gives the same report', '1')
    .option('--json', 'print the report as JSON')
    .option('--compare-buffers', 'compare no buffer, fixed buffers and the dynamic buffer: oversold and hidden stock')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done, 2 wrong command line (an unknown scenario is listed with the valid ones).',
        '',
        'Examples:',
        '  $ stockwire simulate --scenario flash-sale',
        '  $ stockwire simulate --scenario flash-sale --seed 7 --json',
        `  $ stockwire simulate --compare-buffers            # ${bufferComparisonScenarios.join(' and ')}`,
        '  $ stockwire simulate --compare-buffers --scenario webhook-storm --json',
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
    const scenario = options.scenario;
    if (scenario !== undefined && !(scenarioNames as readonly string[]).includes(scenario)) {
      throw new UsageError(`unknown scenario "${scenario}"; choose one of ${scenarioNames.join(', ')}`);
    }
    if (options.compareBuffers === true) {
      const comparison = compareBuffers({ scenarios: scenario === undefined ? undefined : [scenario], seed });
      io.stdout(
        options.json === true ? `${JSON.stringify(comparison, null, 2)}\n` : renderBufferComparison(comparison),
      );
      return exitCodes.ok;
    }
    if (scenario === undefined) {
      throw new UsageError(`--scenario is required (one of ${scenarioNames.join(', ')}), unless --compare-buffers`);
    }
    // Progress goes to stderr, so `--json` output stays clean for pipes.
    const report = await runSimulation({ scenario, seed }, (line) => io.stderr(`${line}\n`));
    io.stdout(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderSimulationReport(report));
    return exitCodes.ok;
  } catch (error) {
    return reportCommandError(error, io, 'simulate');
  }
}
