// The folder-cycle rule: inside an app's source root, folders import each other in one direction only. Computed on
// the module graph dependency-cruiser returns, so every elementary cycle is found (dependency-cruiser's own
// folder scope names one cycle per folder, which cannot be matched reliably against an allowlist).

/** Caps the enumeration: a tangle this large is reported as such instead of cycle by cycle. */
const maximumCycles = 500;

/**
 * @typedef {{ folders: string[], imports: Array<{ from: string, to: string, file: string, specifier: string,
 *   count: number }> }} FolderCycle
 * @returns {{ violations: import('./import-rules.mjs').LayeringViolation[], known: FolderCycle[],
 *   staleKnownCycles: string[] }} for each rule, cycles outside its allowlist as violations, allowlisted ones as
 *   known, and allowlist entries that no longer occur as stale
 */
export function checkFolderCycles(config, modules) {
  const violations = [];
  const known = [];
  const staleKnownCycles = [];
  for (const rule of config.folderCycleRules) {
    const { graph, examples } = folderGraph(rule, modules);
    const cycles = elementaryCycles(graph);
    const allowlist = new Map(rule.knownCycles.map((written) => [cycleKey(parseCycle(written)), written]));
    const seen = new Set();
    for (const folders of cycles) {
      const key = cycleKey(folders);
      const hops = folders.map((from, index) => {
        const to = folders[(index + 1) % folders.length];
        return { from, to, ...examples.get(`${from}→${to}`) };
      });
      if (allowlist.has(key)) {
        seen.add(key);
        known.push({ folders, imports: hops });
        continue;
      }
      const loop = [...folders, folders[0]].join(' → ');
      const detail = [
        `folder cycle ${loop} (inside ${rule.root}):`,
        ...hops.map((hop) => `      ${hop.from} → ${hop.to}: ${hop.file} imports '${hop.specifier}'${more(hop.count)}`),
      ].join('\n');
      violations.push({ rule: rule.name, comment: rule.comment, file: rule.root, detail });
    }
    if (cycles.length >= maximumCycles) {
      violations.push({
        rule: rule.name,
        comment: rule.comment,
        file: rule.root,
        detail: `more than ${maximumCycles} folder cycles; only the first ${maximumCycles} were examined`,
      });
    }
    for (const [key, written] of allowlist) if (!seen.has(key)) staleKnownCycles.push(`${rule.name}: ${written}`);
  }
  return { violations, known, staleKnownCycles };
}

/** Folder → folders it imports, with the first importing file (and how many imports) for each folder pair. */
function folderGraph(rule, modules) {
  const folderOf = (path) => {
    if (!path.startsWith(`${rule.root}/`)) return undefined;
    const rest = path.slice(rule.root.length + 1);
    return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : undefined;
  };
  const excluded = new RegExp(rule.excludeFrom);
  const graph = new Map();
  const examples = new Map();
  for (const module of modules) {
    const from = folderOf(module.source);
    if (from === undefined || excluded.test(module.source)) continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (to === undefined || to === from || excluded.test(dependency.resolved)) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from).add(to);
      const key = `${from}→${to}`;
      const example = examples.get(key);
      if (example) example.count += 1;
      else examples.set(key, { file: module.source, specifier: dependency.module, count: 1 });
    }
  }
  return { graph, examples };
}

/** Every elementary cycle once, each starting at its alphabetically first folder. */
function elementaryCycles(graph) {
  const cycles = [];
  const folders = [...graph.keys()].sort();
  for (const start of folders) {
    const path = [start];
    const visit = (folder) => {
      for (const next of [...(graph.get(folder) ?? [])].sort()) {
        if (cycles.length >= maximumCycles) return;
        if (next === start) cycles.push([...path]);
        else if (next > start && !path.includes(next)) {
          path.push(next);
          visit(next);
          path.pop();
        }
      }
    };
    visit(start);
  }
  return cycles;
}

/** 'runtime → pipeline → runtime' → ['runtime', 'pipeline'] */
function parseCycle(written) {
  const folders = written.split('→').map((folder) => folder.trim());
  if (folders.length > 1 && folders.at(-1) === folders[0]) folders.pop();
  return folders;
}

/** The same key for every rotation of one cycle (direction matters). */
function cycleKey(folders) {
  const first = folders.indexOf([...folders].sort()[0]);
  return [...folders.slice(first), ...folders.slice(0, first)].join(' → ');
}

function more(count) {
  return count > 1 ? ` (and ${count - 1} more import${count > 2 ? 's' : ''})` : '';
}
