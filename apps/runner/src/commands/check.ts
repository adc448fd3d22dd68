import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { type LoadedConfiguration, loadConfiguration } from '../config/load-configuration.ts';
import { type ConfigurationSummary, summarizeConfiguration } from '../config/summarize-configuration.ts';
import { checkConnectionsLive, renderLiveCheck } from './check-live.ts';

export interface CheckOptions {
  readonly config: string;
  readonly live?: boolean;
  readonly json?: boolean;
}

export function registerCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .summary('validate a configuration file and summarise it')
    .description(
      'Validate a configuration file: YAML syntax, every field against the schema, and every reference ' +
        "(kit components, aliases, authority rules, channel locations), and each connection's settings with its " +
        "connector's own schema. Prints a summary when it is valid, " +
        'otherwise lists every problem with its file, line, column and path. Reads no secrets. ' +
        "With --live it also builds every connection (secrets from the environment) and calls its connector's " +
        'connection check: credentials valid, required scopes granted, configured locations exist at the vendor.',
    )
    .option('-c, --config <file>', 'the configuration file', 'stockwire.yaml')
    .option('--live', "call each connection's vendor: credentials, scopes and locations (needs the secrets)")
    .option('--json', 'with --live: print the results as JSON instead of a table')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 valid (with --live: every check passed), 1 the file has problems (with --live: or a check',
        'failed), 2 wrong command line. Connectors without a check are listed as "not supported" and do not fail.',
        '',
        'Examples:',
        '  $ stockwire check --config examples/stockwire.yaml',
        '  $ stockwire check -c examples/broken.yaml     # shows four mistakes and exits 1',
        '  $ stockwire check --live -c /etc/stockwire/stockwire.yaml',
        "  $ stockwire check --live --json -c stockwire.yaml | jq '.connections[] | select(.ok == false)'",
      ].join('\n'),
    )
    .action(async (options: CheckOptions) => {
      context.setExitCode(await runCheck(options, context.io));
    });
}

export async function runCheck(options: CheckOptions, io: CliIo): Promise<ExitCode> {
  try {
    const loaded = await loadConfiguration(options.config, { cwd: io.cwd });
    if (options.live === true) return await runLiveCheck(loaded, options, io);
    io.stdout(renderSummary(options.config, summarizeConfiguration(loaded.configuration, loaded.secretReferences)));
    for (const { connection, reason } of loaded.uncheckedConnections) {
      io.stdout(`Note: the settings of connection "${connection}" were not checked: ${reason}.\n`);
    }
    return exitCodes.ok;
  } catch (error) {
    return reportCommandError(error, io, 'check');
  }
}

async function runLiveCheck(loaded: LoadedConfiguration, options: CheckOptions, io: CliIo): Promise<ExitCode> {
  const rows = await checkConnectionsLive({
    configuration: loaded.configuration,
    environment: process.env,
    baseDirectory: loaded.directory,
  });
  const ok = rows.every((row) => row.ok);
  io.stdout(options.json === true ? `${JSON.stringify({ ok, connections: rows }, null, 2)}\n` : renderLiveCheck(rows));
  return ok ? exitCodes.ok : exitCodes.invalidInput;
}

function renderSummary(file: string, summary: ConfigurationSummary): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const kinds = summary.locationsByKind.map(([kind, count]) => `${count} ${kind}`).join(', ');
  const offline = summary.offlineLocations.length > 0 ? `; offline: ${summary.offlineLocations.join(', ')}` : '';
  const rows: Array<[string, string]> = [
    [plural(summary.locations, 'location'), `${kinds}${offline}`],
    [
      plural(summary.skus, 'SKU'),
      `of which ${plural(summary.kits, 'kit')}, ${summary.casePacked} case-packed, ${summary.discontinued} discontinued`,
    ],
    [
      plural(summary.connections.length, 'connection'),
      summary.connections.map((connection) => `${connection.id} (${connection.connector})`).join(', '),
    ],
    [plural(summary.channels.length, 'channel'), summary.channels.join(', ')],
    [plural(summary.authorityRules, 'authority rule'), 'first matching rule wins'],
    ...(summary.alerts === undefined ? [] : [['alerts', summary.alerts] as [string, string]]),
  ];
  const width = Math.max(...rows.map(([count]) => count.length));
  const lines = [`${file} is valid:`, ...rows.map(([count, detail]) => `  ${count.padEnd(width)}  ${detail}`)];
  if (summary.secretVariables.length > 0) {
    lines.push(`Secrets come from these environment variables at start-up: ${summary.secretVariables.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
