/**
 * The admin API's input, as Fastify (ajv) schemas: a repeated `search`, a malformed `before` or a garbage dead-letter
 * id is answered 400 naming the parameter, instead of reaching Redis and coming back as a 500 that shows its error
 * (#23.6). Numbers are coerced from the query string by Fastify; unknown parameters are ignored.
 */

/** A Redis stream entry id (`<milliseconds>-<sequence>`), which is what a dead letter's id is. */
const streamId = { type: 'string', pattern: '^[0-9]{1,20}-[0-9]{1,20}$' } as const;
const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const oneOrMore = { anyOf: [name, { type: 'array', items: name, maxItems: 1_000 }] } as const;
const limit = { type: 'integer', minimum: 1, maximum: 1_000 } as const;

export const statusSchema = {
  querystring: {
    type: 'object',
    properties: {
      sku: oneOrMore,
      channel: oneOrMore,
      search: { type: 'string', maxLength: 200 },
      limit,
      offset: { type: 'integer', minimum: 0, maximum: 10_000_000 },
    },
  },
} as const;

export const skuSchema = {
  params: { type: 'object', properties: { sku: name }, required: ['sku'] },
  querystring: { type: 'object', properties: { location: name, limit } },
} as const;

export const limitSchema = { querystring: { type: 'object', properties: { limit } } } as const;

export const orderSchema = {
  params: {
    type: 'object',
    properties: { source: name, orderReference: name },
    required: ['source', 'orderReference'],
  },
} as const;

export const shadowSchema = {
  querystring: {
    type: 'object',
    properties: { channel: name, sku: name, differs: { type: 'string', enum: ['true', 'false'] } },
  },
} as const;

export const deadLettersSchema = {
  querystring: { type: 'object', properties: { limit, before: streamId } },
} as const;

export const deadLetterSchema = {
  params: { type: 'object', properties: { id: streamId }, required: ['id'] },
} as const;
