import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readYamlValue } from './read-yaml-value.ts';
import { deferredYamlSource, parseYamlSource } from './yaml-source.ts';

const yamlText = `version: 1
skus:
  - { id: "SKU-1", aliases: [{ connection: erp, value: "1042" }] }
  - id: SKU-2
limits: { quantity: 1.5e3, negative: -0.25, none: null, flag: true, text: "caf\\u00e9 \\ud83d\\ude00 \\"q\\" \\\\" }
`;

describe('readYamlValue', () => {
  it('reads JSON text to the value the YAML library reads from it', () => {
    const json = JSON.stringify(parse(yamlText), null, 2);
    const read = readYamlValue(json, 'c.json');

    expect(read).toEqual({ ok: true, value: parse(json) });
    expect(read).toEqual({ ok: true, value: parse(yamlText) });
  });

  it('refuses a key written twice in JSON as YAML does, at the line of the repeat', () => {
    const json = '{\n  "version": 1,\n  "skus": [],\n  "version": 2\n}\n';
    const read = readYamlValue(json, 'c.json');
    const located = parseYamlSource(json, 'c.json');

    expect(located.ok).toBe(false);
    expect(read).toEqual(located);
    expect(read.ok ? undefined : read.issues[0]).toMatchObject({ file: 'c.json', line: 4, path: '' });
    expect(read.ok ? undefined : read.issues[0]?.message).toContain('Map keys must be unique');
  });

  it('does not count a colon inside a string value as a key', () => {
    const json = '{"a": "x\\": y", "b": ["c:", {"d": "e"}]}';

    expect(readYamlValue(json, 'c.json')).toEqual({ ok: true, value: { a: 'x": y', b: ['c:', { d: 'e' }] } });
  });

  it('reports YAML syntax errors as parseYamlSource locates them', () => {
    const text = 'version: 1\nlocations: [a, b\nskus: []\n';

    expect(readYamlValue(text, 'bad.yaml')).toEqual(parseYamlSource(text, 'bad.yaml'));
  });

  it('reads YAML text to the value parseYamlSource reads', () => {
    const located = parseYamlSource(yamlText, 'c.yaml');

    expect(readYamlValue(yamlText, 'c.yaml')).toEqual({ ok: true, value: located.ok ? located.source.value : null });
  });
});

describe('deferredYamlSource', () => {
  it('gives the document, line counter and value parseYamlSource gives', () => {
    const located = parseYamlSource(yamlText, 'c.yaml');
    if (!located.ok) throw new Error('expected the text to parse');
    const deferred = deferredYamlSource(yamlText, 'c.yaml');

    expect(deferred.file).toBe('c.yaml');
    expect(deferred.value).toEqual(located.source.value);
    expect(deferred.document.toString()).toBe(located.source.document.toString());
    expect(deferred.lineCounter.lineStarts).toEqual(located.source.lineCounter.lineStarts);
  });
});
