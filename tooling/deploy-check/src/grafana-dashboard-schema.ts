/**
 * The part of Grafana's dashboard model (schemaVersion 39) that an import depends on, as JSON Schema. Grafana
 * publishes its model as CUE/TypeScript (@grafana/schema), not as JSON Schema, so the fields this dashboard uses are
 * written out here; anything else is allowed, as Grafana allows it.
 */
const datasource = {
  type: 'object',
  required: ['type', 'uid'],
  properties: { type: { const: 'prometheus' }, uid: { type: 'string', minLength: 1 } },
};

export const grafanaDashboardSchema = {
  type: 'object',
  required: ['uid', 'title', 'schemaVersion', 'panels', 'templating', 'time'],
  properties: {
    uid: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,40}$' },
    title: { type: 'string', minLength: 1 },
    schemaVersion: { type: 'integer', minimum: 36 },
    time: { type: 'object', required: ['from', 'to'] },
    templating: {
      type: 'object',
      required: ['list'],
      properties: {
        list: {
          type: 'array',
          items: { type: 'object', required: ['name', 'type'], properties: { name: { type: 'string' } } },
        },
      },
    },
    panels: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['id', 'type', 'title', 'gridPos', 'targets', 'datasource'],
        properties: {
          id: { type: 'integer', minimum: 1 },
          type: { enum: ['timeseries', 'stat', 'gauge', 'table', 'bargauge', 'text'] },
          title: { type: 'string', minLength: 1 },
          datasource,
          gridPos: {
            type: 'object',
            required: ['x', 'y', 'w', 'h'],
            properties: {
              x: { type: 'integer', minimum: 0, maximum: 23 },
              y: { type: 'integer', minimum: 0 },
              w: { type: 'integer', minimum: 1, maximum: 24 },
              h: { type: 'integer', minimum: 1 },
            },
          },
          targets: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['refId', 'expr'],
              properties: {
                refId: { type: 'string', minLength: 1 },
                expr: { type: 'string', minLength: 1 },
                datasource,
              },
            },
          },
        },
      },
    },
  },
} as const;
