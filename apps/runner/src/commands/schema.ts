import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { type CommandContext, exitCodes } from '../cli-support/cli-io.ts';
import { reportCommandError } from '../cli-support/report-command-error.ts';
import { configurationJsonSchema } from '../config/configuration-json-schema.ts';

export function registerSchemaCommand(program: Command, context: CommandContext): void {
  program
    .command('schema')
    .summary("print the configuration file's JSON Schema, for editors")
    .description(
      'Print the JSON Schema of stockwire.yaml, generated from the schemas `stockwire check` applies, with each ' +
        "built-in connector's settings chosen by the connection's `connector`. Point your editor at it (the YAML " +
        'language server reads `# yaml-language-server: $schema=<file>` on the first line) to get completion and ' +
        'errors while you type. The repository keeps a copy in schemas/stockwire.schema.json.',
    )
    .option('-o, --output <file>', 'write the schema to a file instead of standard output')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ stockwire schema --output stockwire.schema.json',
        '  $ stockwire schema | jq ".properties | keys"',
      ].join('\n'),
    )
    .action(async (options: { output?: string }) => {
      try {
        const text = `${JSON.stringify(await configurationJsonSchema(), null, 2)}\n`;
        if (options.output === undefined) context.io.stdout(text);
        else await writeFile(resolve(context.io.cwd, options.output), text);
        context.setExitCode(exitCodes.ok);
      } catch (error) {
        context.setExitCode(reportCommandError(error, context.io, 'schema'));
      }
    });
}
