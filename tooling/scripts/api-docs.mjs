#!/usr/bin/env node
// The API reference (`pnpm docs:api`): TypeDoc over every publishable package's public entry points, written to
// docs/api/ (git-ignored). The entry points are read from each manifest's `exports` (its `@stockwire/source`
// condition), not listed by hand, so a new package or subpath export is documented without touching typedoc.json;
// each module is named after what a user imports (`@stockwire/connector-kit/testing`), not after its file path.
// `--validate` converts and validates (not-exported types, broken {@link}s; warnings are errors) without writing
// HTML: the step `pnpm test` runs.
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, Converter, ReflectionKind } from 'typedoc';
import { publishablePackages } from './package-metadata.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Source file of every `exports` entry of every publishable package → the specifier a user imports. */
export function apiEntryPoints() {
  const entries = new Map();
  for (const { folder, manifest } of publishablePackages()) {
    for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
      const source = typeof conditions === 'object' ? conditions['@stockwire/source'] : undefined;
      if (source === undefined) continue;
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
      entries.set(resolve(folder, source), specifier);
    }
  }
  return entries;
}

async function main() {
  const validateOnly = process.argv.includes('--validate');
  const entries = apiEntryPoints();
  const app = await Application.bootstrapWithPlugins({
    options: join(root, 'typedoc.json'),
    entryPoints: [...entries.keys()].map((file) => relative(root, file)),
  });
  // TypeDoc names a module by its path relative to the common folder (`connector-kit/src/testing`); rename each
  // to its import specifier as it is created.
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const symbol = context.getSymbolFromReflection(reflection);
    const file = symbol?.declarations?.[0]?.getSourceFile().fileName;
    const specifier = file === undefined ? undefined : entries.get(resolve(file));
    if (specifier !== undefined) reflection.name = specifier;
  });
  const project = await app.convert();
  if (project === undefined) process.exit(2);
  app.validate(project);
  if (!validateOnly) await app.generateOutputs(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
  if (!validateOnly) process.stdout.write(`API reference written to ${relative(root, app.options.getValue('out'))}/\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
