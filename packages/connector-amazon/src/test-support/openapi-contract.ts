import { readFileSync } from 'node:fs';
import type { SandboxRequest } from '@stockwire/connector-kit/sandbox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

interface SwaggerParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'body' | 'header';
  readonly required?: boolean;
  readonly type?: string;
  readonly schema?: unknown;
  readonly [keyword: string]: unknown;
}

interface SwaggerOperation {
  readonly operationId: string;
  readonly parameters?: readonly SwaggerParameter[];
  readonly responses: Record<string, { readonly schema?: unknown }>;
}

interface SwaggerDocument {
  readonly paths: Record<string, Record<string, SwaggerOperation>>;
}

/** What an official Swagger 2.0 model says about one exchange: problems, empty when the exchange conforms. */
export interface ContractCheck {
  readonly operationId: string;
  readonly problems: readonly string[];
}

/** Keywords of a Swagger parameter that are JSON Schema (the rest are Swagger's own or Amazon's `x-` extensions). */
const schemaKeywords = [
  'type',
  'items',
  'enum',
  'maxItems',
  'minItems',
  'maximum',
  'minimum',
  'pattern',
  'maxLength',
  'minLength',
  'format',
];

export function createAjv(): Ajv {
  // Amazon's models carry `x-` extensions and Swagger keywords (`example`, `discriminator`): not errors here.
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  return ajv;
}

/**
 * Checks requests and answers against one of Amazon's official Swagger 2.0 models: the path and method name an
 * operation; every query and path parameter is declared and valid; required ones are present; the body matches
 * the body parameter's schema; the answer matches the schema of its status.
 */
export function loadSwaggerContract(ajv: Ajv, file: string, name: string) {
  const document = JSON.parse(readFileSync(file, 'utf8')) as SwaggerDocument;
  ajv.addSchema(document as object, name);
  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods)
      .filter(([method]) => method !== 'parameters')
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        expression: new RegExp(`^${template.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)')}$`),
        template,
        operation,
      })),
  );
  const schemaFor = (value: unknown): ValidateFunction => {
    const reference = (value as { $ref?: string }).$ref;
    if (reference !== undefined) return ajv.getSchema(`${name}${reference}`) ?? fail(`no schema ${reference}`);
    return ajv.compile(value as object);
  };
  const problemsOf = (validate: ValidateFunction, value: unknown, where: string) =>
    validate(value) ? [] : (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${error.message}`);

  return {
    check(request: SandboxRequest, response: { status?: number; body?: unknown }): ContractCheck | undefined {
      const found = operations
        .map((candidate) => ({ candidate, match: candidate.expression.exec(request.path) }))
        .find(({ candidate, match }) => match !== null && candidate.method === request.method);
      if (found === undefined) return undefined;
      const { operation } = found.candidate;
      const problems: string[] = [];
      const parameters = operation.parameters ?? [];
      for (const name of Object.keys(request.query)) {
        if (!parameters.some((parameter) => parameter.in === 'query' && parameter.name === name)) {
          problems.push(`query parameter ${name} is not in the model`);
        }
      }
      for (const parameter of parameters) {
        const raw =
          parameter.in === 'query'
            ? request.query[parameter.name]
            : parameter.in === 'path'
              ? found.match?.groups?.[parameter.name]
              : undefined;
        if (parameter.in === 'body') {
          problems.push(...problemsOf(schemaFor(parameter.schema), request.json, 'body'));
          continue;
        }
        if (parameter.in !== 'query' && parameter.in !== 'path') continue;
        if (raw === undefined) {
          if (parameter.required === true)
            problems.push(`required ${parameter.in} parameter ${parameter.name} is missing`);
          continue;
        }
        const schema = Object.fromEntries(Object.entries(parameter).filter(([key]) => schemaKeywords.includes(key)));
        problems.push(...problemsOf(ajv.compile(schema), coerce(raw, parameter), `${parameter.in} ${parameter.name}`));
      }
      const declared = operation.responses[String(response.status ?? 200)];
      if (declared === undefined) problems.push(`status ${response.status} is not a declared answer`);
      else if (declared.schema !== undefined)
        problems.push(...problemsOf(schemaFor(declared.schema), response.body, 'answer'));
      return { operationId: operation.operationId, problems };
    },
  };
}

/** Query strings are text: arrays arrive comma-separated (collectionFormat csv), numbers and booleans as words. */
function coerce(raw: string | string[], parameter: SwaggerParameter): unknown {
  const text = Array.isArray(raw) ? raw.join(',') : raw;
  if (parameter.type === 'array') return text.split(',');
  if (parameter.type === 'integer' || parameter.type === 'number') return Number(text);
  if (parameter.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

function fail(message: string): never {
  throw new Error(message);
}
