#!/usr/bin/env node
import { runDemoCli } from './demo-command.ts';

// exitCode rather than process.exit(): what the demo printed last is flushed first.
process.exitCode = await runDemoCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
});
