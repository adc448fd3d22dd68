#!/usr/bin/env node
// The README's first command (`pnpm demo`). Builds the runner (turbo caches it) and shows what Stockwire would
// publish on every channel for the shipped example: the quantity, the status and the rule behind each number.
// Extra arguments are passed to `stockwire preview` (e.g. `pnpm demo --json`, `pnpm demo --sku BIKE-KIT`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

process.stdout.write('Building the runner (cached after the first time)…\n');
run('pnpm', [
  'exec',
  'turbo',
  'run',
  'build',
  '--filter=@stockwire/runner...',
  '--output-logs=errors-only',
  '--log-prefix=none',
]);
run(process.execPath, [
  'apps/runner/dist/cli.js',
  'preview',
  '--config',
  'examples/stockwire.yaml',
  '--positions',
  'examples/positions.yaml',
  ...process.argv.slice(2),
]);
