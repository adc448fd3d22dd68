// The import rules, checked by dependency-cruiser over the whole workspace (run from the repository root).
import { cruise } from 'dependency-cruiser';

/**
 * @typedef {{ rule: string, comment: string, file: string, detail: string }} LayeringViolation
 * @typedef {{ source: string, dependencies: Array<{ module: string, resolved: string, coreModule: boolean,
 *   dependencyTypes: string[] }> }} CruisedModule
 */

/**
 * Cruises `config.cruised` with the import rules. Returns the violations (one per offending import, naming the file
 * and the import as written) and the modules, which the folder-cycle rule reads.
 * @returns {Promise<{ violations: LayeringViolation[], modules: CruisedModule[] }>}
 */
export async function checkImports(config) {
  const { output } = await cruise(config.cruised, {
    ...config.cruiseOptions,
    validate: true,
    ruleSet: { forbidden: config.importRules },
    outputType: 'json',
  });
  const result = typeof output === 'string' ? JSON.parse(output) : output;
  const comments = new Map(config.importRules.map((rule) => [rule.name, rule.comment]));
  const modules = /** @type {CruisedModule[]} */ (result.modules);
  const bySource = new Map(modules.map((module) => [module.source, module]));
  const violations = result.summary.violations.map((violation) => {
    const dependency = bySource.get(violation.from)?.dependencies.find(({ resolved }) => resolved === violation.to);
    const specifier = dependency?.module ?? violation.to;
    // Where a relative import lands says which package it reaches; an npm package's folder says nothing more.
    const target = specifier === violation.to || violation.to.includes('node_modules/') ? '' : ` (${violation.to})`;
    const typeOnly = dependency?.dependencyTypes.includes('type-only') ? 'type-only ' : '';
    return {
      rule: violation.rule.name,
      comment: comments.get(violation.rule.name) ?? '',
      file: violation.from,
      detail: `${typeOnly}import '${specifier}'${target}`,
    };
  });
  return { violations, modules };
}
