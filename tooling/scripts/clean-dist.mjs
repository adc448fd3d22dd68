#!/usr/bin/env node
// Deletes the current folder's dist/ before a package's build (`node ../../tooling/scripts/clean-dist.mjs && tsc
// -p tsconfig.build.json`): tsc never deletes what it wrote before, so the output of a renamed or deleted source
// would stay in dist/ and ship in the tarball. A script rather than `rm -rf`, so the build runs on Windows too.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
