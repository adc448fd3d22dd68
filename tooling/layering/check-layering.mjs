#!/usr/bin/env node
// The layering check (a step of `pnpm test`): the import, manifest and folder-cycle rules of
// tooling/layering/layering.config.cjs. Prints each violation with the file, the import (or dependency) and the rule
// in words; exits 1 when there is one. `--root <folder>` checks another copy of the workspace (the tests use it).
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkFolderCycles } from './folder-cycles.mjs';
import { checkImports } from './import-rules.mjs';
import { checkManifests } from './manifest-rules.mjs';

const configPath = resolve(dirname(fileURLToPath(import.meta.url)), 'layering.config.cjs');
const config = createRequire(import.meta.url)(configPath);
const rootFlag = process.argv.indexOf('--root');
const root =
  rootFlag === -1 ? resolve(dirname(fileURLToPath(import.meta.url)), '../..') : resolve(process.argv[rootFlag + 1]);
// dependency-cruiser reports paths relative to the working folder, which the rules' patterns expect to be the root.
process.chdir(root);

const { violations: importViolations, modules } = await checkImports(config);
const manifestViolations = checkManifests(config);
const cycles = checkFolderCycles(config, modules);
const violations = [...importViolations, ...manifestViolations, ...cycles.violations];

for (const violation of violations) {
  process.stdout.write(`✗ ${violation.file}: ${violation.detail}\n    ${violation.rule}: ${violation.comment}\n`);
}
if (cycles.known.length > 0) {
  process.stdout.write(
    `\n! ${cycles.known.length} known folder cycles, allowlisted in tooling/layering/layering.config.cjs (knownCycles) until fixed:\n`,
  );
  for (const cycle of cycles.known) process.stdout.write(`    ${[...cycle.folders, cycle.folders[0]].join(' → ')}\n`);
  process.stdout.write('  the imports that close them (first of each folder pair):\n');
  const pairs = new Map(cycles.known.flatMap((cycle) => cycle.imports.map((hop) => [`${hop.from} → ${hop.to}`, hop])));
  for (const [pair, hop] of [...pairs].sort()) {
    process.stdout.write(`    ${pair}: ${hop.file} imports '${hop.specifier}' (${hop.count} in all)\n`);
  }
}
for (const stale of cycles.staleKnownCycles) {
  process.stdout.write(`\n! allowlisted cycle no longer occurs, delete it from knownCycles: ${stale}\n`);
}
process.stdout.write(
  `\nlayering: ${violations.length} violation${violations.length === 1 ? '' : 's'} in ${modules.length} modules ` +
    `(${importViolations.length} import, ${manifestViolations.length} manifest, ${cycles.violations.length} folder cycle)\n`,
);
process.exit(violations.length === 0 ? 0 : 1);
