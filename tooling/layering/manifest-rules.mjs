// The manifest rules: what each workspace package declares in its package.json (run from the repository root).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The folders under `packages/` and `apps/` that hold a package.json, as `packages/engine`, `apps/runner`. */
export function workspacePackageFolders(groups = ['packages', 'apps']) {
  return groups.flatMap((group) =>
    existsSync(group)
      ? readdirSync(group, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && existsSync(join(group, entry.name, 'package.json')))
          .map((entry) => `${group}/${entry.name}`)
      : [],
  );
}

/** @returns {import('./import-rules.mjs').LayeringViolation[]} */
export function checkManifests(config) {
  const violations = [];
  for (const folder of workspacePackageFolders()) {
    const manifestPath = `${folder}/package.json`;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const rule of config.manifestRules) {
      if (!new RegExp(rule.packages).test(folder)) continue;
      for (const field of rule.fields) {
        for (const dependency of Object.keys(manifest[field] ?? {})) {
          if (rule.exceptSelf && dependency === manifest.name) continue;
          if (!breaks(rule, dependency)) continue;
          violations.push({
            rule: rule.name,
            comment: rule.comment,
            file: manifestPath,
            detail: `${field} lists '${dependency}'`,
          });
        }
      }
    }
  }
  return violations;
}

function breaks(rule, dependency) {
  const matchesAny = (patterns) => patterns.some((pattern) => new RegExp(pattern).test(dependency));
  if (rule.forbidden && matchesAny(rule.forbidden)) return true;
  return rule.allowed !== undefined && !matchesAny(rule.allowed);
}
