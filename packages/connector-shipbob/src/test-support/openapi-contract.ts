import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ShipBobExchange } from '../sandbox/index.ts';

interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly schema?: { readonly type?: string };
}
interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly responses: Record<string, { readonly content?: Record<string, { readonly schema?: unknown }> }>;
}

/**
 * Query parameters ShipBob's own `next` links carry that its OpenAPI does not declare: the paging token of
 * `inventory-level/locations` (the spec declares PageSize but no page or cursor parameter, so the token can only
 * be the vendor's). Everything else a request sends must be declared.
 */
const vendorPagingParameters = new Set(['Cursor']);

/** ajv reads `$ref` siblings; ShipBob's generator puts `additionalProperties: false` beside every `$ref`. */
function dropRefSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropRefSiblings);
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node as Record<string, unknown>);
  const hasRef = entries.some(([key]) => key === '$ref');
  const kept = Object.fromEntries(
    entries.filter(([key]) => !(hasRef && key !== '$ref')).map(([key, value]) => [key, dropRefSiblings(value)]),
  );
  // OpenAPI 3.0 allows `nullable` without `type` (beside allOf); ajv does not, so say it in JSON Schema.
  if (kept.nullable === true && kept.type === undefined) {
    const { nullable: _nullable, ...rest } = kept;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return kept;
}

const pointer = (...segments: string[]) =>
  segments.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/** Checks exchanges against one version's OpenAPI 3.0: declared operation, parameters and answer schema. */
export function loadShipBobContract(file: string, name: string) {
  const document = dropRefSiblings(JSON.parse(readFileSync(file, 'utf8'))) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  // ShipBob's own format for money amounts: a number, which the type already checks.
  ajv.addFormat('currency', true);
  ajv.addSchema(document as object, name);
  const operations = Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      template,
      method,
      operation,
      expression: new RegExp(`^${template.replace(/\{([^}]+)\}/g, '[^/]+')}$`),
    })),
  );
  // A literal path wins over a template: `/inventory-level/locations` is not `/inventory-level/{inventoryId}`.
  operations.sort(
    (left, right) => (left.template.match(/\{/g)?.length ?? 0) - (right.template.match(/\{/g)?.length ?? 0),
  );
  // Headers the API declares on some operations (ShipBob's `shipbob_channel_id`): sent anywhere else, they are a
  // request the real API was never documented to accept, which is how a channel id could leak to the wrong call.
  const declaredHeaderNames = new Set(
    operations.flatMap(({ operation }) =>
      (operation.parameters ?? [])
        .filter((parameter) => parameter.in === 'header')
        .map(({ name }) => name.toLowerCase()),
    ),
  );
  const validator = (...segments: string[]): ValidateFunction =>
    ajv.getSchema(`${name}#/${pointer(...segments)}`) ?? ajv.compile({});
  const problemsOf = (validate: ValidateFunction, value: unknown, where: string) =>
    validate(value) ? [] : (validate.errors ?? []).map((error) => `${where}${error.instancePath} ${error.message}`);

  return {
    check({ request, response }: ShipBobExchange): { operation: string; problems: string[] } | undefined {
      const found = operations.find(
        (candidate) => candidate.method === request.method.toLowerCase() && candidate.expression.test(request.path),
      );
      if (found === undefined) return undefined;
      const { template, method, operation } = found;
      const problems: string[] = [];
      const parameters = operation.parameters ?? [];
      for (const [parameterName, raw] of Object.entries(request.query)) {
        const declared = parameters.find((parameter) => parameter.in === 'query' && parameter.name === parameterName);
        if (declared === undefined) {
          if (!vendorPagingParameters.has(parameterName))
            problems.push(`query parameter ${parameterName} is not declared`);
          continue;
        }
        const text = Array.isArray(raw) ? raw.join(',') : raw;
        const value =
          declared.schema?.type === 'boolean'
            ? text === 'true'
            : declared.schema?.type === 'number'
              ? Number(text)
              : text;
        const index = parameters.indexOf(declared);
        problems.push(
          ...problemsOf(
            validator('paths', template, method, 'parameters', String(index), 'schema'),
            value,
            `query ${parameterName}`,
          ),
        );
      }
      for (const headerName of Object.keys(request.headers)) {
        if (!declaredHeaderNames.has(headerName)) continue;
        const declaredHere = parameters.some(
          (parameter) => parameter.in === 'header' && parameter.name.toLowerCase() === headerName,
        );
        if (!declaredHere) problems.push(`header ${headerName} is not declared for this operation`);
      }
      const status = String(response.status ?? 200);
      // 429 is documented on the rate-limit page, not in the OpenAPI: checked against that page's body instead.
      if (status === '429') {
        const body = response.body as { statusCode?: unknown; message?: unknown } | undefined;
        if (body?.statusCode !== 429 || typeof body.message !== 'string')
          problems.push('the 429 body is not the documented one');
        return { operation: `${method.toUpperCase()} ${template}`, problems };
      }
      const declared = operation.responses[status];
      if (declared === undefined) problems.push(`status ${status} is not a declared answer`);
      else if (declared.content?.['application/json']?.schema !== undefined) {
        const schema = validator(
          'paths',
          template,
          method,
          'responses',
          status,
          'content',
          'application/json',
          'schema',
        );
        problems.push(...problemsOf(schema, response.body, 'answer'));
      } else if (response.body !== undefined) problems.push(`status ${status} declares no body, but one was sent`);
      return { operation: `${method.toUpperCase()} ${template}`, problems };
    },
    /** Problems of one component schema for a value, e.g. a webhook body against `Orders.ShipmentViewModel`. */
    componentProblems(component: string, value: unknown): string[] {
      return problemsOf(validator('components', 'schemas', component), value, component);
    },
  };
}
