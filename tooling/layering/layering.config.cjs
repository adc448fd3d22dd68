// The layering of the monorepo as rules (docs/architecture.md draws it; conventions.md §1 explains it). Checked by
// `node tooling/layering/check-layering.mjs`, a step of `pnpm test`. Three kinds of rule live here:
//   - import rules, checked by dependency-cruiser on every import in packages/* and apps/* (tests included: a test
//     that reaches upward couples the layers as much as source does);
//   - manifest rules, checked on each package's package.json (what a user of the package installs; this also
//     catches dependencies an import scan cannot see, such as `createRequire(import.meta.url)('amazon-sp-api')`);
//   - folder cycles inside an app (apps/runner/src/<folder>), computed from the same import graph.
// Paths are relative to the repository root. A dependency that does not resolve keeps its specifier as its path,
// so each pattern also matches the bare package name (an undeclared `@stockwire/connector-kit` import is still
// an upward import).

/** A workspace package, by folder (resolved imports) or by package name (unresolved ones). */
const workspace = (folder, name) => `^(${folder}/|${name}(/|$))`;
/** An npm package, installed (resolved into node_modules) or not (bare specifier). */
const npm = (name) => `(^|/)node_modules/${name}(/|$)|^${name}(/|$)`;

const anyConnector = workspace(
  'packages/connector-(?!spec/|kit/)[^/]+',
  '@stockwire/connector-(?!spec(/|$)|kit(/|$))[^/]+',
);
const engine = workspace('packages/engine', '@stockwire/engine');
const simulator = workspace('packages/simulator', '@stockwire/simulator');
const kit = workspace('packages/connector-kit', '@stockwire/connector-kit');
const anyApp = '^(apps/|@stockwire/(runner|demo)(/|$))';
/** Queues, HTTP servers and clients, and the vendors' SDKs: what the engine must never depend on. */
const queueHttpAndVendorLibraries = [
  'bullmq',
  '@bull-board/[^/]+',
  'fastify',
  '@fastify/[^/]+',
  'axios',
  '@shopify/[^/]+',
  'amazon-sp-api',
  '@aws-sdk/[^/]+',
  'ssh2-sftp-client',
  'ssh2',
];
const testFile = '(\\.test\\.ts|\\.test-helpers\\.ts)$|/test-support/';
/**
 * A relative import that did not resolve keeps its specifier (`../errors/x.ts`): a broken import, which typecheck
 * reports, not a layering question. (A resolved npm package outside the working folder also starts with `../`, but
 * always goes through node_modules.)
 */
const unresolvedRelative = '^\\.\\.?/(?!.*(^|/)node_modules/)';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const importRules = [
  {
    name: 'connector-not-to-other-connector',
    comment:
      'A connector package covers one system; it never imports another connector (shared code belongs in the kit).',
    severity: 'error',
    from: { path: '^packages/(connector-(?!spec/|kit/)[^/]+)/', pathNot: '^packages/connector-edi-x12/' },
    to: { path: anyConnector, pathNot: ['^packages/$1/', '^@stockwire/$1(/|$)'] },
  },
  {
    // The one allowed exception (#20): EDI documents travel over the file connector's folder and SFTP transports,
    // imported through its public exports until the transports move to the kit.
    name: 'edi-x12-only-to-file-transports',
    comment: 'The EDI X12 connector imports no connector but the file connector (for its transports).',
    severity: 'error',
    from: { path: '^packages/connector-edi-x12/' },
    to: {
      path: anyConnector,
      pathNot: ['^packages/connector-(edi-x12|file)/', '^@stockwire/connector-(edi-x12|file)(/|$)'],
    },
  },
  {
    name: 'connector-not-to-engine-simulator-or-runner',
    comment:
      'A connector never imports the engine, the simulator or the runner: they sit above it and import it (the runner and apps are covered by packages-not-to-apps).',
    severity: 'error',
    from: { path: '^packages/connector-(?!spec/|kit/)[^/]+/' },
    to: { path: [engine, simulator] },
  },
  {
    name: 'engine-not-to-queue-http-or-vendor',
    comment:
      'The engine holds state and sync rules on Redis; it never imports a queue (bullmq), an HTTP server or client (fastify, axios) or a vendor SDK.',
    severity: 'error',
    from: { path: '^packages/engine/' },
    to: { path: queueHttpAndVendorLibraries.map(npm) },
  },
  {
    name: 'engine-not-to-kit-or-connectors',
    comment:
      'The engine never imports the connector kit or a connector: connectors are wired to it by the runner (the spec, which holds only types, is allowed).',
    severity: 'error',
    from: { path: '^packages/engine/' },
    to: { path: [kit, anyConnector] },
  },
  {
    name: 'model-only-zod',
    comment: 'The model is pure: its sources import nothing but zod and the model itself.',
    severity: 'error',
    from: { path: '^packages/model/src/', pathNot: [testFile, '^packages/model/src/testing/'] },
    to: { pathNot: ['^packages/model/', npm('zod'), unresolvedRelative] },
  },
  {
    name: 'model-testing-only-zod-and-fast-check',
    comment: "The model's testing export imports nothing but zod, fast-check (its declared peer) and the model itself.",
    severity: 'error',
    from: { path: '^packages/model/src/testing/', pathNot: testFile },
    to: { pathNot: ['^packages/model/', npm('zod'), npm('fast-check'), unresolvedRelative] },
  },
  {
    name: 'spec-no-runtime-import',
    comment:
      'The connector spec has no runtime dependencies: its sources import other packages (the model included) with `import type` only.',
    severity: 'error',
    from: { path: '^packages/connector-spec/src/', pathNot: testFile },
    to: { pathNot: ['^packages/connector-spec/', unresolvedRelative], dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'kit-not-to-connectors-engine-or-simulator',
    comment:
      'The connector kit serves connectors; it never imports a connector, the engine or the simulator (the runner and apps are covered by packages-not-to-apps).',
    severity: 'error',
    from: { path: '^packages/connector-kit/' },
    to: { path: [anyConnector, engine, simulator] },
  },
  {
    name: 'packages-not-to-apps',
    comment:
      'A package never imports an app (apps/*, such as the runner or the demo): apps sit on top and import packages.',
    severity: 'error',
    from: { path: '^packages/' },
    to: { path: anyApp },
  },
];

/**
 * Manifest rules: `packages` selects package folders; `fields` are the package.json fields read (what a user of the
 * package installs: devDependencies are the import rules' business); a dependency breaks the rule when it matches
 * `forbidden`, or when `allowed` is given and it matches none of it.
 */
const manifestRules = [
  {
    name: 'connector-manifest',
    comment: 'A connector package never depends on another connector, the engine, the simulator or an app.',
    packages: '^packages/connector-(?!spec$|kit$|edi-x12$)[^/]+$',
    fields: ['dependencies', 'peerDependencies', 'optionalDependencies'],
    forbidden: ['^@stockwire/(connector-(?!spec$|kit$).+|engine|simulator|runner|demo)$'],
    exceptSelf: true,
  },
  {
    name: 'edi-x12-manifest',
    comment: 'The EDI X12 connector depends on no connector but the file connector (for its transports, #20).',
    packages: '^packages/connector-edi-x12$',
    fields: ['dependencies', 'peerDependencies', 'optionalDependencies'],
    forbidden: ['^@stockwire/(connector-(?!spec$|kit$|file$).+|engine|simulator|runner|demo)$'],
    exceptSelf: true,
  },
  {
    name: 'engine-manifest',
    comment:
      'The engine never depends on a queue, an HTTP server or client, a vendor SDK, the connector kit or a connector.',
    packages: '^packages/engine$',
    fields: ['dependencies', 'peerDependencies', 'optionalDependencies'],
    forbidden: [
      ...queueHttpAndVendorLibraries.map((name) => `^${name}$`),
      '^@stockwire/(connector-(?!spec$).+|runner|demo)$',
    ],
  },
  {
    name: 'model-manifest',
    comment: 'The model depends on zod only (fast-check is an optional peer of its testing export).',
    packages: '^packages/model$',
    fields: ['dependencies', 'optionalDependencies'],
    allowed: ['^zod$'],
  },
  {
    name: 'spec-manifest',
    comment:
      'The connector spec has no runtime dependencies: its package.json `dependencies` is empty (the model is a peer, for types).',
    packages: '^packages/connector-spec$',
    fields: ['dependencies', 'optionalDependencies'],
    allowed: [],
  },
  {
    name: 'kit-manifest',
    comment: 'The connector kit never depends on a connector, the engine, the simulator or an app.',
    packages: '^packages/connector-kit$',
    fields: ['dependencies', 'peerDependencies', 'optionalDependencies'],
    forbidden: ['^@stockwire/(connector-(?!spec$|kit$).+|engine|simulator|runner|demo)$'],
  },
  {
    name: 'packages-manifest-not-apps',
    comment: 'A package never depends on an app (apps/*).',
    packages: '^packages/[^/]+$',
    fields: ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'],
    forbidden: ['^@stockwire/(runner|demo)$'],
  },
];

/**
 * Folder cycles: the folders directly under `root` must import each other in one direction only. Tests are left
 * out (an integration test of the pipeline may well start a whole runner).
 */
const folderCycleRules = [
  {
    name: 'runner-folders-no-cycle',
    comment:
      "The runner's folders (apps/runner/src/<folder>) import each other in one direction: no chain of imports leads from a folder back to itself.",
    root: 'apps/runner/src',
    excludeFrom: testFile,
    // KNOWN RUNNER FOLDER CYCLES — a temporary allowlist, to be emptied as they are fixed (issue #12: "runner
    // folders that import in one direction"). Each entry is one elementary cycle between folders, written as the
    // loop it forms. A cycle listed here is reported but does not fail the check; any other cycle fails it; an entry
    // that no longer occurs is reported so it can be deleted. Do not add entries: fix the import instead.
    knownCycles: [],
  },
];

/** @type {import('dependency-cruiser').ICruiseOptions} */
const cruiseOptions = {
  // Type-only imports are dependencies too (the spec rule tells them apart from runtime ones).
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  // Built output of workspace packages only: npm packages resolve into their own dist folders.
  exclude: { path: '^(packages|apps|tooling)/[^/]+/dist/' },
  enhancedResolveOptions: {
    // The workspace's own condition first, so `@stockwire/x` resolves to its sources, never to a stale dist.
    conditionNames: ['@stockwire/source', 'import', 'node', 'default'],
    exportsFields: ['exports'],
    extensions: ['.ts', '.mts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
  },
};

module.exports = { importRules, manifestRules, folderCycleRules, cruiseOptions, cruised: ['packages', 'apps'] };
