#!/usr/bin/env node
import { runCli } from './cli/run-cli.ts';

// exitCode rather than process.exit(): a large --json output piped to another program is flushed first.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
