import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examples, repositoryRoot } from '../examples.test-helpers.ts';
import { runCheck } from './check.ts';

/** Documents that quote `stockwire check --config examples/broken.yaml` line by line. */
const quotingDocuments = ['apps/runner/README.md', 'docs/configuration.md'];

/** `examples/broken.yaml:LINE:COLUMN  path` as written in a document (messages may be shortened there). */
const quotedPlace = /examples\/broken\.yaml:(\d+):(\d+) {2}(\S+)/g;

async function checkOutput(): Promise<string> {
  let stderr = '';
  const exitCode = await runCheck(
    { config: examples.broken },
    { stdout: () => {}, stderr: (text) => (stderr += text), cwd: repositoryRoot },
  );
  expect(exitCode).toBe(1);
  return stderr;
}

describe('the docs quote stockwire check on examples/broken.yaml as it prints today (issue #13.8)', () => {
  it.each(quotingDocuments)('%s quotes only places and paths the check reports', async (document) => {
    const text = readFileSync(join(repositoryRoot, document), 'utf8');
    const reported = new Set([...(await checkOutput()).matchAll(quotedPlace)].map((match) => match[0]));
    const quoted = [...text.matchAll(quotedPlace)].map((match) => match[0]);

    expect(quoted.length, `${document} quotes no line of broken.yaml`).toBeGreaterThan(0);
    for (const place of quoted) expect([...reported], `${document} quotes ${place}`).toContain(place);
  });

  it('the runner README quotes every problem, with the count the check prints', async () => {
    const output = await checkOutput();
    const readme = readFileSync(join(repositoryRoot, 'apps/runner/README.md'), 'utf8');
    const quoted = [...readme.matchAll(quotedPlace)].map((match) => match[0]);

    expect(quoted).toEqual([...output.matchAll(quotedPlace)].map((match) => match[0]));
    expect(readme).toContain(output.split('\n')[0]);
  });
});
