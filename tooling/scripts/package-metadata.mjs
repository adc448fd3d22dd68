#!/usr/bin/env node
// Keeps what npm shows about every publishable package in one shape: license file, repository (with the package's
// folder), homepage and bugs. `node tooling/scripts/package-metadata.mjs` lists what is missing (exit 1 if
// anything is); `--write` fills it in. tooling/deploy-check/src/package-manifests.test.ts runs the check in
// `pnpm test`, so a new package cannot be published without them.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryUrl = 'https://github.com/stockwire/stockwire';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Every package folder under packages/ and apps/ whose manifest is not private. */
export function publishablePackages() {
  return ['packages', 'apps']
    .flatMap((parent) => readdirSync(join(root, parent)).map((name) => join(root, parent, name)))
    .filter((folder) => existsSync(join(folder, 'package.json')))
    .map((folder) => ({ folder, manifest: JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/** What a package's manifest and folder should hold, by field. */
export function expectedMetadata(folder) {
  const directory = relative(root, folder).split('\\').join('/');
  return {
    repository: { type: 'git', url: `git+${repositoryUrl}.git`, directory },
    homepage: `${repositoryUrl}/tree/main/${directory}#readme`,
    bugs: { url: `${repositoryUrl}/issues` },
  };
}

export function metadataProblems({ folder, manifest }) {
  const problems = [];
  const expected = expectedMetadata(folder);
  for (const [field, value] of Object.entries(expected)) {
    if (JSON.stringify(manifest[field]) !== JSON.stringify(value))
      problems.push(`${field} is not ${JSON.stringify(value)}`);
  }
  if (manifest.license !== 'Apache-2.0') problems.push('license is not Apache-2.0');
  if (!existsSync(join(folder, 'LICENSE'))) problems.push('no LICENSE file');
  if (!existsSync(join(folder, 'README.md'))) problems.push('no README.md');
  return problems;
}

function write({ folder, manifest }) {
  const expected = expectedMetadata(folder);
  // Keep the manifest's own field order; new fields go after `license`, where readers look for them.
  const ordered = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key in expected) continue;
    ordered[key] = value;
    if (key === 'license') Object.assign(ordered, expected);
  }
  Object.assign(ordered, { ...expected, ...ordered });
  writeFileSync(join(folder, 'package.json'), `${JSON.stringify(ordered, null, 2)}\n`);
  if (!existsSync(join(folder, 'LICENSE'))) copyFileSync(join(root, 'LICENSE'), join(folder, 'LICENSE'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
  const select = () =>
    publishablePackages().filter(({ manifest }) => only.length === 0 || only.includes(manifest.name));
  if (process.argv.includes('--write')) for (const entry of select()) write(entry);
  let failed = false;
  for (const entry of select()) {
    for (const problem of metadataProblems(entry)) {
      failed = true;
      console.log(`${entry.manifest.name}: ${problem}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
