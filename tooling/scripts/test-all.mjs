#!/usr/bin/env node
// The one test command (`pnpm test`): lint, check the layering (tooling/layering), check every manifest's
// dependencies against the imports (knip, knip.jsonc), build and typecheck every package, check what would be
// published, validate the API reference (TypeDoc), then run every test suite in one vitest run. Stops at the first
// failing step with its exit code.
import { spawnSync } from 'node:child_process';

const steps = [
  ['lint (biome)', 'pnpm', ['exec', 'biome', 'ci', '.']],
  ['layering (dependency-cruiser, manifests, runner folder cycles)', 'node', ['tooling/layering/check-layering.mjs']],
  // Before the build: it reads sources only (about 5 s), and a dependency a manifest forgot fails faster here.
  ['dependencies (knip: unused, unlisted, unresolved)', 'pnpm', ['exec', 'knip', '--no-progress']],
  [
    'build, typecheck, publint (turbo)',
    'pnpm',
    ['exec', 'turbo', 'run', 'build', 'typecheck', 'publint', '--output-logs=errors-only'],
  ],
  // Sources only, about 11 s: TypeDoc's not-exported and broken-link checks, warnings as errors (typedoc.json).
  ['API reference (typedoc --validate)', 'node', ['tooling/scripts/api-docs.mjs', '--validate']],
  ['tests (vitest)', 'pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)]],
];

for (const [label, command, args] of steps) {
  process.stdout.write(`\n== ${label}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${result.status ?? result.signal}).\n`);
    process.exit(result.status ?? 1);
  }
}
