import { buildCatalog, TimestampSchema } from '@stockwire/model';
import type { Command } from 'commander';
import { type CliIo, type CommandContext, type ExitCode, exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { UsageError } from '../cli-support/usage-error.ts';
import { type LoadedConfiguration, loadConfiguration } from '../config/load-configuration.ts';
import { loadPositions } from '../positions/load-positions.ts';
import { previewRows } from '../preview/preview-rows.ts';
import { renderPreviewTable } from '../preview/render-preview-table.ts';

export interface PreviewOptions {
  readonly config: string;
  readonly positions: string;
  readonly json?: boolean;
  readonly channel?: readonly string[];
  readonly sku?: readonly string[];
  readonly asOf?: string;
}

export function registerPreviewCommand(program: Command, context: CommandContext): void {
  program
    .command('preview')
    .summary('show what each channel would be told, and why')
    .description(
      'Compute, without any server or connection, the quantity and status each channel would publish for ' +
        'each SKU, from a configuration and a file of positions (what each location holds). WHY shows every ' +
        'rule that shaped the number, in the order the model applies them.',
    )
    .option('-c, --config <file>', 'the configuration file', 'stockwire.yaml')
    .requiredOption('-p, --positions <file>', 'the positions file (YAML or JSON)')
    .option('--channel <id>', 'only this channel (repeat for several)', collect)
    .option('--sku <id>', 'only this SKU, by its canonical id (repeat for several)', collect)
    .option('--as-of <timestamp>', "the moment to compute for (ISO 8601 with offset); default: the file's asOf, or now")
    .option('--json', 'print a JSON array instead of the table')
    .addHelpText(
      'after',
      [
        '',
        'Exit codes: 0 done, 1 a file has problems, 2 wrong command line.',
        '',
        'Examples:',
        '  $ stockwire preview --config examples/stockwire.yaml --positions examples/positions.yaml',
        '  $ stockwire preview -c examples/stockwire.yaml -p examples/positions.yaml --sku GIFT-SET-COZY',
        '  $ stockwire preview -c examples/stockwire.yaml -p examples/positions.yaml --channel wholesale --json',
        '  $ stockwire preview -c examples/stockwire.yaml -p examples/positions.yaml --as-of 2025-12-20T00:00:00Z',
      ].join('\n'),
    )
    .action(async (options: PreviewOptions) => {
      context.setExitCode(await runPreview(options, context.io));
    });
}

export async function runPreview(options: PreviewOptions, io: CliIo): Promise<ExitCode> {
  try {
    const requestedNow = options.asOf === undefined ? undefined : parseAsOf(options.asOf);
    const loaded = await loadConfiguration(options.config, { cwd: io.cwd });
    checkSelection(loaded, options);
    const positions = await loadPositions(options.positions, buildCatalog(loaded.configuration), {
      cwd: io.cwd,
      ...(requestedNow === undefined ? {} : { now: requestedNow }),
    });
    const now = requestedNow ?? (positions.asOf === undefined ? new Date() : new Date(positions.asOf));
    const rows = previewRows(loaded.configuration, positions.positions, now, {
      channels: options.channel ?? [],
      skus: options.sku ?? [],
    });
    if (options.json === true) {
      io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    } else {
      const asOfSource =
        requestedNow !== undefined ? '--as-of' : positions.asOf !== undefined ? 'the positions file' : 'the clock';
      io.stdout(
        `Preview of ${options.config} with positions from ${options.positions}, as of ${now.toISOString()} (from ${asOfSource})\n\n`,
      );
      io.stdout(renderPreviewTable(rows));
    }
    return exitCodes.ok;
  } catch (error) {
    return reportCommandError(error, io, 'preview');
  }
}

/** Repeated options accumulate; no default, so help does not print a meaningless "(default: [])". */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function parseAsOf(value: string): Date {
  if (!TimestampSchema.safeParse(value).success) {
    throw new UsageError(`--as-of "${value}" is not an ISO 8601 date-time with an offset, e.g. 2025-11-03T14:00:00Z`);
  }
  return new Date(value);
}

/** An unknown id would silently preview nothing; say which ids exist instead. */
function checkSelection(loaded: LoadedConfiguration, options: PreviewOptions): void {
  const channelIds = loaded.configuration.channels.map((channel) => channel.id);
  for (const channel of options.channel ?? []) {
    if (!channelIds.includes(channel)) {
      throw new UsageError(
        `--channel "${channel}" is not a channel in ${loaded.file}; it has ${channelIds.join(', ')}`,
      );
    }
  }
  for (const sku of options.sku ?? []) {
    if (loaded.configuration.skus.some((candidate) => candidate.id === sku)) continue;
    const owner = loaded.configuration.skus.find((candidate) => candidate.aliases.some((alias) => alias.value === sku));
    throw new UsageError(
      owner === undefined
        ? `--sku "${sku}" is not a SKU in ${loaded.file}`
        : `--sku "${sku}" is an alias of SKU "${owner.id}"; --sku takes canonical ids`,
    );
  }
}
