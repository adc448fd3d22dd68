import { parseDocument } from 'yaml';
import { loadPlainYaml } from './load-plain-yaml.ts';
import type { LocatedIssue } from './located-issue.ts';
import { parseYamlSource } from './yaml-source.ts';

export type YamlValueResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: LocatedIssue[] };

/**
 * The plain value of YAML (or JSON) text, with nothing kept of where its nodes were written: locate issues later with
 * `parseYamlSource` (or `deferredYamlSource`) on the same text, only when there are some. A catalog of 100,000 SKUs
 * costs the YAML library about 2.5 KiB of tokens and nodes per SKU while a document with positions lasts; a
 * configuration that validates never needs those positions. JSON goes to `JSON.parse`, other YAML to js-yaml; text
 * either declines (a syntax error, a repeated key, an anchor) goes to the YAML library, so syntax errors come back
 * located, exactly as `parseYamlSource` reports them.
 */
export function readYamlValue(text: string, file: string): YamlValueResult {
  const json = readJsonValue(text);
  if (json !== undefined) return { ok: true, value: json.value };
  // js-yaml builds the value with nothing else held (about 60 MiB of heap at most for 333,334 SKUs, where the YAML
  // library needs over 512); it declines every text whose value could differ from the YAML library's.
  const plain = loadPlainYaml(text);
  if (plain !== undefined) return { ok: true, value: plain.value };
  // Parsed without a LineCounter and dropped as soon as the value is built; errors are rare, so they pay for the
  // second parse that locates them.
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length === 0) {
    try {
      return { ok: true, value: document.toJS() };
    } catch {
      // An alias expanding too far: parseYamlSource says so with its position.
    }
  }
  const located = parseYamlSource(text, file);
  return located.ok ? { ok: true, value: located.source.value } : located;
}

/**
 * JSON is YAML, and the runner's generated configurations are often JSON: `JSON.parse` reads them with a fraction of
 * the YAML library's memory and gives the same value, except that YAML refuses a key written twice in one mapping
 * ("Map keys must be unique") where `JSON.parse` keeps the last. Text with a repeated key is left to the YAML library,
 * so it is still refused with the line of the repeat. Undefined when the text is not JSON or repeats a key.
 */
function readJsonValue(text: string): { readonly value: unknown } | undefined {
  const start = text.trimStart()[0];
  if (start !== '{' && start !== '[') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return countWrittenKeys(text) === countProperties(value) ? { value } : undefined;
}

/**
 * Keys written in valid JSON text: a string followed by `:`. Outside strings valid JSON has no `"`, so matching
 * strings from the start of the text stays aligned with the text's own strings.
 */
function countWrittenKeys(text: string): number {
  const quoted = /"(?:[^"\\]|\\.)*"/g;
  let count = 0;
  for (let match = quoted.exec(text); match !== null; match = quoted.exec(text)) {
    let index = quoted.lastIndex;
    while (isJsonWhitespace(text.charCodeAt(index))) index++;
    if (text.charCodeAt(index) === colon) count++;
  }
  return count;
}

const colon = 0x3a;

function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Properties of every object in a parsed JSON value: fewer than the keys written when a mapping repeats one. */
function countProperties(value: unknown): number {
  let count = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next !== 'object' || next === null) continue;
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
      continue;
    }
    for (const key in next) {
      count++;
      pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return count;
}
