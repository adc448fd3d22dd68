import { readFileSync } from 'node:fs';
import type { SandboxCall } from '@stockwire/connector-kit/sandbox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema?: { readonly type?: string };
}
interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content?: Record<string, { readonly schema?: unknown }> };
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: unknown }> }>;
}
interface OpenApiDocument {
  readonly servers?: ReadonlyArray<{ readonly variables?: { readonly basePath?: { readonly default?: string } } }>;
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}

/** OpenAPI 3.0 allows `nullable` without `type`; ajv does not, so say it in JSON Schema. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const kept = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, toJsonSchema(value)]));
  if (kept.nullable === true && kept.type === undefined) {
    const { nullable: _nullable, ...rest } = kept;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return kept;
}

const pointer = (...segments: string[]) =>
  segments.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

export interface ContractCheck {
  readonly operation: string;
  readonly problems: string[];
}

/**
 * Checks exchanges against eBay's OpenAPI 3.0 documents: each document's paths are relative to its `basePath`
 * (`/sell/inventory/v1`); a request must be a declared operation with declared query parameters and a request body
 * matching its schema, and the answer must be a declared status whose body matches the declared schema.
 */
export function loadEbayContract(files: Record<string, string>) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  // eBay's numeric formats, which the types already check.
  for (const format of ['int32', 'int64', 'double', 'float']) ajv.addFormat(format, true);
  const operations = Object.entries(files).flatMap(([name, file]) => {
    const document = toJsonSchema(JSON.parse(readFileSync(file, 'utf8'))) as OpenApiDocument;
    ajv.addSchema(document as object, name);
    const basePath = document.servers?.[0]?.variables?.basePath?.default ?? '';
    return Object.entries(document.paths).flatMap(([template, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        name,
        template,
        method,
        operation,
        expression: new RegExp(`^${basePath}${template.replace(/\{([^}]+)\}/g, '[^/]+')}$`),
      })),
    );
  });
  operations.sort(
    (left, right) => (left.template.match(/\{/g)?.length ?? 0) - (right.template.match(/\{/g)?.length ?? 0),
  );
  const validator = (name: string, ...segments: string[]): ValidateFunction =>
    ajv.getSchema(`${name}#/${pointer(...segments)}`) ?? ajv.compile({});
  const problemsOf = (validate: ValidateFunction, value: unknown, where: string) =>
    validate(value) ? [] : (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${error.message}`);

  return {
    check(call: SandboxCall): ContractCheck | undefined {
      const found = operations.find(
        (candidate) => candidate.method === call.method.toLowerCase() && candidate.expression.test(call.path),
      );
      if (found === undefined) return undefined;
      const { name, template, method, operation } = found;
      const problems: string[] = [];
      const parameters = operation.parameters ?? [];
      for (const [parameterName, raw] of Object.entries(call.query)) {
        const index = parameters.findIndex((parameter) => parameter.in === 'query' && parameter.name === parameterName);
        if (index < 0) {
          problems.push(`query parameter ${parameterName} is not declared`);
          continue;
        }
        const text = Array.isArray(raw) ? raw.join(',') : raw;
        problems.push(
          ...problemsOf(
            validator(name, 'paths', template, method, 'parameters', String(index), 'schema'),
            text,
            `query ${parameterName}`,
          ),
        );
      }
      for (const parameter of parameters) {
        if (parameter.in === 'header' && parameter.name.toLowerCase() === 'content-type' && call.json === undefined) {
          problems.push('a Content-Type header (and a JSON body) is required');
        }
      }
      if (operation.requestBody?.content?.['application/json']?.schema !== undefined) {
        const schema = validator(
          name,
          'paths',
          template,
          method,
          'requestBody',
          'content',
          'application/json',
          'schema',
        );
        problems.push(...problemsOf(schema, call.json, 'request body'));
      }
      const status = String(call.response?.status ?? call.status);
      const declared = operation.responses[status];
      // 401 (an expired token) and 429 are answered by eBay's gateway for every call; eBay documents them on its
      // OAuth and call-limit pages, not per operation: their body is eBay's error container, checked as such.
      if (declared === undefined && (status === '401' || status === '429')) {
        const errors = (call.response?.body as { errors?: Array<{ errorId?: unknown }> } | undefined)?.errors;
        if (!Array.isArray(errors) || typeof errors[0]?.errorId !== 'number') {
          problems.push(`the ${status} body is not eBay's error container`);
        }
      } else if (declared === undefined) problems.push(`status ${status} is not a declared answer`);
      else if (declared.content?.['application/json']?.schema !== undefined) {
        const schema = validator(
          name,
          'paths',
          template,
          method,
          'responses',
          status,
          'content',
          'application/json',
          'schema',
        );
        problems.push(...problemsOf(schema, call.response?.body, 'answer'));
      }
      return { operation: `${method.toUpperCase()} ${template}`, problems };
    },
  };
}
