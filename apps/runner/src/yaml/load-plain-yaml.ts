import { FAILSAFE_SCHEMA, load, type State, Type } from 'js-yaml';

/**
 * The plain value of YAML text read by js-yaml, which builds values as it reads and keeps nothing else: a catalog of
 * 333,334 SKUs peaks at about 60 MiB of heap this way, where the `yaml` library's tokens and document need over 512
 * MiB (about 2.5 KiB per SKU, #14). Undefined whenever js-yaml would not give exactly the value the `yaml` library
 * gives, so the caller reads the text with that library instead (and reports its errors, located, as before):
 *
 * - any error (syntax, a key written twice in a mapping, several documents, an unknown tag, nesting past 100 levels);
 * - an empty document (js-yaml's `undefined`, the `yaml` library's `null`);
 * - a key that is not plain text (a collection, null, an explicit `? ` key), which the libraries name differently;
 * - an anchor: js-yaml shares an aliased value where the `yaml` library copies it and refuses one that expands too far
 *   (a "billion laughs" file), so files with anchors keep the `yaml` library's guard.
 *
 * Plain scalars resolve by the `yaml` library's YAML 1.2 core schema, not js-yaml's looser one (which also reads
 * `0b101` and `-0x1F` as numbers): `0b101` stays the text an ERP item number may be.
 */
export function loadPlainYaml(text: string): { readonly value: unknown } | undefined {
  if (keyNotAPlainString.test(text)) return undefined;
  let value: unknown;
  try {
    value = load(text, { schema: coreSchema, listener: refuseAnchors });
  } catch {
    return undefined;
  }
  return value === undefined ? undefined : { value };
}

class AnchorFound extends Error {}

function refuseAnchors(this: State, eventType: 'open' | 'close', state: State): void {
  if (eventType === 'close' && (state as State & { anchor: string | null }).anchor !== null) throw new AnchorFound();
}

/**
 * A plain scalar's value by the `yaml` library's core schema (`yaml/dist/schema/core`): each form's test and value. One
 * js-yaml type per tag, since js-yaml keeps only the last type given for a tag.
 */
function scalar(tag: string, forms: ReadonlyArray<readonly [RegExp, (text: string) => unknown]>): Type {
  const formOf = (text: string) => forms.find(([test]) => test.test(text));
  return new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: string | null) => data !== null && formOf(data) !== undefined,
    construct: (data: string) => formOf(data)?.[1](data),
  });
}

const coreSchema = FAILSAFE_SCHEMA.extend({
  implicit: [
    // An empty plain scalar stays null when no type resolves it, as in the yaml library.
    scalar('null', [[/^(?:~|[Nn]ull|NULL)$/, () => null]]),
    scalar('bool', [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (text) => text[0] === 't' || text[0] === 'T']]),
    scalar('int', [
      [/^0o[0-7]+$/, (text) => Number.parseInt(text.slice(2), 8)],
      [/^[-+]?[0-9]+$/, (text) => Number.parseInt(text, 10)],
      [/^0x[0-9a-fA-F]+$/, (text) => Number.parseInt(text.slice(2), 16)],
    ]),
    scalar('float', [
      [
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
        (text) =>
          text.slice(-3).toLowerCase() === 'nan'
            ? Number.NaN
            : text[0] === '-'
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
      ],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, (text) => Number.parseFloat(text)],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, (text) => Number.parseFloat(text)],
    ]),
  ],
});

/**
 * Keys the two libraries turn into different property names: a collection (`[a, b]: c` is "a,b" in js-yaml, "[ a, b ]"
 * in the yaml library), null (`~: x` is "null" against ""), or anything after an explicit `? `. Such a key is written
 * as `? `, as a flow collection closed right before its `:`, as a null word before `:`, or as nothing before `:` in a
 * flow collection: text with any of these (in a quoted string too, which only costs memory) is left to the yaml
 * library.
 */
const keyNotAPlainString =
  /(?:^|[\s,[{])\?(?:\s|$)|[\]}][ \t]*:|(?:^|[\s,[{])(?:~|[Nn]ull|NULL)[ \t]*:(?![^\s,\]}])|[[{,][ \t]*:/m;
