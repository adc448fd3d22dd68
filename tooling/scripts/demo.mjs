#!/usr/bin/env node
// The README's first command (`pnpm demo`). Builds the demo app and what it depends on (turbo caches it), then
// runs it (apps/demo): Redis, sandboxes of Shopify, Amazon and an ERP, a runner with examples/demo/stockwire.yaml,
// a flash sale with a live view, then the dashboard until Ctrl-C. Extra arguments go to the demo
// (`pnpm demo --help`).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

process.stdout.write('Building the demo and the runner (cached after the first time)…\n');
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@stockwire/demo...', '--output-logs=errors-only', '--log-prefix=none'],
  { stdio: 'inherit', cwd: root },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const demo = spawn(process.execPath, ['apps/demo/dist/cli.js', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
  // Should this script be killed outright, the demo notices and stops what it started.
  env: { ...process.env, STOCKWIRE_DEMO_STOP_WITH_PARENT: '1' },
  // Its own process group: Ctrl-C reaches only this script, which passes it on once. (Both receiving it would be
  // two signals, and a second Ctrl-C means "stop now, skip the clean-up".)
  detached: true,
});
// Wait for the demo to stop what it started rather than return the prompt while it is still cleaning up.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (demo.exitCode === null) demo.kill(signal);
  });
}
demo.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 130)));
