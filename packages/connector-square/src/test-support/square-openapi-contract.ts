import { readFileSync } from 'node:fs';
import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;
interface OpenApiOperation {
  readonly operationId: string;
  readonly parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean; schema?: Schema }>;
  readonly requestBody?: { content?: Record<string, { schema?: Schema }> };
  readonly responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  readonly components: { schemas: Record<string, Schema> };
}

/** What Square's OpenAPI says about one exchange: problems, empty when the exchange conforms. */
export interface SquareContractCheck {
  readonly operationId: string;
  readonly problems: readonly string[];
}

/**
 * Closes every object schema (`additionalProperties: false`) so a misspelt or invented field is a problem, not a
 * pass: Square's schemas leave objects open, which would make any body with the right required fields valid.
 */
function closeObjects(schemas: Record<string, Schema>): Record<string, Schema> {
  const closed = structuredClone(schemas);
  for (const schema of Object.values(closed)) {
    if (schema.type === 'object' && schema.properties !== undefined && schema.additionalProperties === undefined) {
      schema.additionalProperties = false;
    }
    rewriteNullableReferences(schema);
  }
  return closed;
}

/**
 * OpenAPI 3.0 writes "this reference, or null" as `{ $ref, nullable: true }`, which JSON Schema cannot say (Ajv
 * refuses `nullable` without `type`): rewritten as `anyOf: [{ $ref }, { type: 'null' }]`, the meaning 3.1 gives it.
 */
function rewriteNullableReferences(node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const entry of node) rewriteNullableReferences(entry);
    return;
  }
  const schema = node as Schema;
  if (schema.nullable === true && schema.type === undefined && typeof schema.$ref === 'string') {
    schema.anyOf = [{ $ref: schema.$ref }, { type: 'null' }];
    delete schema.$ref;
    delete schema.nullable;
  }
  for (const value of Object.values(schema)) rewriteNullableReferences(value);
}

/**
 * Checks requests and answers against Square's OpenAPI 3.0 document: the method and path name an operation;
 * query parameters are declared, required ones present; the Authorization and Square-Version headers are sent;
 * the JSON body matches the request schema and carries no read-only field; the answer matches the operation's
 * response schema (Square's error answers use the same schema with `errors` set).
 */
export function loadSquareContract(file: string) {
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const schemas = closeObjects(document.components.schemas);
  // Square's own document refers to schemas it does not define (e.g. CatalogModifierToggleOverrideType in
  // 2025-08-20): those accept anything, and are listed so a test can pin exactly which ones.
  const danglingReferences = [...JSON.stringify(document).matchAll(/"#\/components\/schemas\/([^"]+)"/g)]
    .map((match) => match[1] as string)
    .filter((name, index, names) => schemas[name] === undefined && names.indexOf(name) === index);
  for (const name of danglingReferences) schemas[name] = {};
  // OpenAPI keywords (`nullable` is understood by Ajv; `x-` extensions and `example` are annotations here).
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  ajv.addSchema({ components: { schemas } }, 'square');
  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      expression: new RegExp(`^${template.replace(/\{([^}]+)\}/g, '[^/]+')}$`),
      operation,
    })),
  );
  const validatorFor = (schema: Schema | undefined): ValidateFunction | undefined => {
    const reference = schema?.$ref;
    if (typeof reference !== 'string') return schema === undefined ? undefined : ajv.compile(schema);
    return ajv.getSchema(`square${reference}`);
  };
  const problemsOf = (validate: ValidateFunction | undefined, value: unknown, where: string): string[] => {
    if (validate === undefined) return [`${where}: the document has no schema for it`];
    return validate(value)
      ? []
      : (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${error.message}`);
  };
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const nullable = (schema?.anyOf as Schema[] | undefined)?.find((option) => option.$ref !== undefined);
    const reference = (nullable ?? schema)?.$ref;
    if (typeof reference !== 'string') return schema;
    return schemas[reference.replace('#/components/schemas/', '')];
  };
  /** Read-only fields (`created_at`, `calculated_at`, …) are Square's to set: a request must not send them. */
  const readOnlyFields = (schema: Schema | undefined, value: unknown, path: string): string[] => {
    const resolved = resolve(schema);
    if (resolved === undefined || value === null || typeof value !== 'object') return [];
    if (Array.isArray(value)) {
      return value.flatMap((entry, index) => readOnlyFields(resolved.items as Schema, entry, `${path}[${index}]`));
    }
    const properties = (resolved.properties ?? {}) as Record<string, Schema>;
    return Object.entries(value as Record<string, unknown>).flatMap(([name, entry]) => {
      const property = properties[name];
      if (property === undefined) return [];
      if (property.readOnly === true) return [`${path}.${name} is read-only`];
      return readOnlyFields(property, entry, `${path}.${name}`);
    });
  };

  return {
    danglingReferences,
    /** Problems of a value against one named schema (a webhook body: `OrderUpdatedEvent`, …); empty when it fits. */
    checkSchema(name: string, value: unknown): string[] {
      if (schemas[name] === undefined) return [`the document has no schema ${name}`];
      return problemsOf(ajv.getSchema(`square#/components/schemas/${name}`), value, name);
    },
    check(request: SandboxRequest, response: SandboxResponse): SquareContractCheck | undefined {
      const match = operations.find(
        (candidate) => candidate.method === request.method && candidate.expression.test(request.path),
      );
      if (match === undefined) return undefined;
      const { operation } = match;
      const problems: string[] = [];
      const declared = operation.parameters ?? [];
      for (const name of Object.keys(request.query)) {
        if (!declared.some((parameter) => parameter.in === 'query' && parameter.name === name)) {
          problems.push(`query parameter ${name} is not in the document`);
        }
      }
      for (const parameter of declared) {
        if (parameter.in === 'query' && parameter.required && request.query[parameter.name] === undefined) {
          problems.push(`required query parameter ${parameter.name} is missing`);
        }
      }
      if (!/^Bearer \S+$/.test(request.headers.authorization ?? '')) problems.push('no Authorization: Bearer header');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(request.headers['square-version'] ?? ''))
        problems.push('no Square-Version header');
      const requestSchema = operation.requestBody?.content?.['application/json']?.schema;
      if (requestSchema !== undefined) {
        problems.push(...problemsOf(validatorFor(requestSchema), request.json, 'request'));
        problems.push(...readOnlyFields(requestSchema, request.json, 'request'));
      }
      const status = response.status ?? 200;
      const answerSchema = operation.responses['200']?.content?.['application/json']?.schema;
      problems.push(...problemsOf(validatorFor(answerSchema), response.body, `answer ${status}`));
      if (status !== 200 && !Array.isArray((response.body as { errors?: unknown } | undefined)?.errors)) {
        problems.push(`answer ${status} carries no errors list`);
      }
      return { operationId: operation.operationId, problems };
    },
  };
}
