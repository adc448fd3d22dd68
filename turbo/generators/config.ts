import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PlopTypes } from '@turbo/gen';

/**
 * The system name becomes the package name, the file names, the `connector` field of a connection and the prefix
 * of every exported name. Each part starts with a letter so the PascalCase and camelCase forms need no separators.
 */
const systemNamePattern = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;

/** Display names land inside TypeScript strings and Markdown, so quotes, backslashes and braces are refused. */
const displayNamePattern = /^[A-Za-z0-9][A-Za-z0-9 .&+-]*$/;

/** Each template (under templates/connector/) and where it goes; `NAME` is replaced by the system name. */
const packageFiles: readonly (readonly [template: string, destination: string])[] = [
  ['package.json.hbs', 'package.json'],
  ['tsconfig.json.hbs', 'tsconfig.json'],
  ['tsconfig.build.json.hbs', 'tsconfig.build.json'],
  ['vitest.config.ts.hbs', 'vitest.config.ts'],
  ['README.md.hbs', 'README.md'],
  ['src/index.ts.hbs', 'src/index.ts'],
  ['src/connector.ts.hbs', 'src/NAME-connector.ts'],
  ['src/settings.ts.hbs', 'src/NAME-settings.ts'],
  ['src/api.ts.hbs', 'src/NAME-api.ts'],
  ['src/errors.ts.hbs', 'src/NAME-errors.ts'],
  ['src/rate-limits.ts.hbs', 'src/NAME-rate-limits.ts'],
  ['src/inventory-read.ts.hbs', 'src/NAME-inventory-read.ts'],
  ['src/inventory-push.ts.hbs', 'src/NAME-inventory-push.ts'],
  ['src/map-inventory.ts.hbs', 'src/map-NAME-inventory.ts'],
  ['src/sandbox/index.ts.hbs', 'src/sandbox/index.ts'],
  ['src/sandbox/sandbox.ts.hbs', 'src/sandbox/NAME-sandbox.ts'],
  ['src/sandbox/sandbox-routes.ts.hbs', 'src/sandbox/NAME-sandbox-routes.ts'],
  ['src/connector.test.ts.hbs', 'src/NAME-connector.test.ts'],
  ['src/conformance.test.ts.hbs', 'src/conformance.test.ts'],
];

function validateSystemName(input: unknown): true | string {
  if (typeof input === 'string' && systemNamePattern.test(input)) return true;
  return 'a system name in kebab-case that starts with a letter, e.g. acme or acme-wms';
}

function validateDisplayName(input: unknown): true | string {
  if (typeof input === 'string' && displayNamePattern.test(input.trim())) return true;
  return 'letters, digits, spaces and . & + - only, e.g. Acme Commerce';
}

/** The spellings of one system name the templates need: `acme-wms` → AcmeWms, acmeWms, acme_wms. */
function connectorNames(name: string, displayName: string) {
  const parts = name.split('-');
  const pascalName = parts.map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
  return {
    name,
    displayName: displayName.trim(),
    pascalName,
    camelName: pascalName.charAt(0).toLowerCase() + pascalName.slice(1),
    snakeName: parts.join('_'),
    packageName: `@stockwire/connector-${name}`,
    environmentVariable: `${parts.join('_').toUpperCase()}_ACCESS_TOKEN`,
  };
}

export default function generator(plop: PlopTypes.NodePlopAPI): void {
  plop.setGenerator('connector', {
    description: 'A ConnectorV2 package: settings, errors, rate limits, mappers, a sandbox and the conformance test',
    prompts: [
      {
        type: 'input',
        name: 'name',
        message: 'System name in kebab-case (the package becomes @stockwire/connector-<name>), e.g. acme:',
        validate: validateSystemName,
      },
      {
        type: 'input',
        name: 'displayName',
        message: 'Display name, e.g. Acme Commerce:',
        validate: validateDisplayName,
      },
    ],
    actions: (answers) => {
      // turbo passes the repository root (or --root) to every generator; plop's own base path is the fallback.
      const root = String(answers?.turbo?.paths?.root ?? plop.getDestBasePath());
      // Every Stockwire package shares one version (the changesets fixed group): a new one starts at today's.
      const version = JSON.parse(readFileSync(join(root, 'packages', 'model', 'package.json'), 'utf8')).version;
      const names = { ...connectorNames(String(answers?.name), String(answers?.displayName)), version };
      const packageFolder = join(root, 'packages', `connector-${names.name}`);
      if (existsSync(packageFolder)) {
        return [
          () => {
            throw new Error(`${packageFolder} already exists; choose another name or remove it first`);
          },
        ];
      }
      return [
        ...packageFiles.map(([template, destination]) => ({
          type: 'add',
          path: join(packageFolder, destination.replace('NAME', names.name)),
          templateFile: `templates/connector/${template}`,
          data: names,
        })),
        {
          type: 'add',
          path: join(root, '.changeset', `${names.name}-connector.md`),
          templateFile: 'templates/connector/changeset.md.hbs',
          data: names,
        },
        () => {
          copyFileSync(join(root, 'LICENSE'), join(packageFolder, 'LICENSE'));
          return 'LICENSE copied';
        },
        () => formatWithBiome(root, packageFolder),
        () => `next: pnpm install, then pnpm --filter ${names.packageName} test`,
      ];
    },
  });
}

/**
 * Runs the repository's biome over the new package. Import order and line breaks depend on how long the system
 * name is and how it sorts, so no fixed template is formatted right for every name; biome makes it so.
 */
function formatWithBiome(root: string, packageFolder: string): string {
  let biome: string;
  try {
    biome = createRequire(join(root, 'package.json')).resolve('@biomejs/biome/bin/biome');
  } catch {
    return `biome is not installed under ${root}; run pnpm exec biome check --write ${packageFolder}`;
  }
  const result = spawnSync(process.execPath, [biome, 'check', '--write', packageFolder], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`biome check --write ${packageFolder} failed:\n${result.stdout}${result.stderr}`);
  }
  return `formatted ${packageFolder} with biome`;
}
