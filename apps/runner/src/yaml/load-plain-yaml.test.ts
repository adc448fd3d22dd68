import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPlainYaml } from './load-plain-yaml.ts';
import { readYamlValue } from './read-yaml-value.ts';
import { parseYamlSource } from './yaml-source.ts';

/** Plain scalars whose value depends on the schema: js-yaml's own core schema reads several of them differently. */
const scalars = [
  '1042',
  '+5',
  '-0',
  '017',
  '0o17',
  '0x1F',
  '-0x1F',
  '0b101',
  '1_000',
  '1.50',
  '.5',
  '1.',
  '1e3',
  '1.e3',
  '-2.5E-3',
  '.inf',
  '-.Inf',
  '.NaN',
  '~',
  'null',
  'Null',
  'nULL',
  '',
  'true',
  'True',
  'tRue',
  'yes',
  'off',
  '2024-01-01',
  '2024-01-01T10:00:00Z',
  '12:30',
  '9007199254740993',
];

describe('loadPlainYaml', () => {
  it.each(scalars)('reads the plain scalar %j to the value the YAML library reads', (scalar) => {
    const text = `value: ${scalar}\nlist: [${scalar === '' ? '""' : scalar}]\n`;
    const read = loadPlainYaml(text);

    expect(read).toBeDefined();
    expect(read?.value).toEqual(parse(text));
  });

  it('reads a block-style catalog, flow collections, quoted and multi-line strings as the YAML library does', () => {
    const text = `version: 1
skus:
  - id: SKU-1
    aliases: [{ connection: erp, value: "1042" }, { connection: shop, value: '0017' }]
  - { id: SKU-2, kit: { components: [{ sku: SKU-1, quantity: 2 }] } }
  - id: "caf\\u00e9"
notes: |
  two
  lines
folded: >
  one
  line
1042: numeric key
true: boolean key
`;
    expect(loadPlainYaml(text)?.value).toEqual(parse(text));
  });

  it.each([
    ['a key written twice', 'version: 1\nskus: []\nversion: 2\n'],
    ['a syntax error', 'version: 1\nlocations: [a, b\nskus: []\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['an empty file', ''],
    ['an anchor and its alias', 'base: &base { kind: warehouse }\nother: *base\n'],
    ['an unknown tag', 'id: !sku SKU-1\n'],
    ['a collection as a key', '[a, b]: c\n'],
    ['an explicit key', '? a\n: b\n'],
    ['a null key', '~: a\n'],
  ])('leaves %s to the YAML library', (_, text) => {
    expect(loadPlainYaml(text)).toBeUndefined();
  });

  it('reads a file of comments only as null, as the YAML library does', () => {
    expect(parse('# nothing yet\n')).toBeNull();
    expect(loadPlainYaml('# nothing yet\n')).toEqual({ value: null });
  });

  it('still refuses a repeated key through readYamlValue, at the line of the repeat', () => {
    const text = 'version: 1\nskus:\n  - id: SKU-1\n    id: SKU-2\n';
    const read = readYamlValue(text, 'c.yaml');

    expect(read).toEqual(parseYamlSource(text, 'c.yaml'));
    expect(read.ok ? undefined : read.issues[0]).toMatchObject({ file: 'c.yaml', line: 4, path: '' });
    expect(read.ok ? undefined : read.issues[0]?.message).toContain('Map keys must be unique');
  });

  it('reads an aliased value through readYamlValue as the YAML library does', () => {
    const text = 'base: &base { kind: warehouse }\nother: *base\n';

    expect(readYamlValue(text, 'c.yaml')).toEqual({ ok: true, value: parse(text) });
  });
});
