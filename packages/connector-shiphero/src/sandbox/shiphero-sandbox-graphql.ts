import { randomUUID } from 'node:crypto';
import {
  type DocumentNode,
  execute,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
  validate,
} from 'graphql';
import type { SandboxCredits } from './shiphero-sandbox-credits.ts';
import { shipHeroSandboxSchema } from './shiphero-sandbox-schema.ts';
import type { SandboxChange, SandboxState } from './shiphero-sandbox-state.ts';

export interface GraphqlExchange {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  /** What the call cost (0 when refused or priced with `analyze`). */
  readonly spent: number;
  readonly answer: unknown;
}

export interface SandboxGraphqlOptions {
  readonly state: SandboxState;
  readonly credits: SandboxCredits;
  /** While set, every call is refused as throttled with this wait, whatever the credits say. */
  readonly stormSeconds: () => number | undefined;
  /** Called with each change `inventory_replace` logged, so it is announced like any other. */
  readonly onChange: (change: SandboxChange) => void;
}

/** graphene's cursor, as ShipHero's Python API writes it. */
const cursorOf = (index: number) => Buffer.from(`arrayconnection:${index}`, 'utf8').toString('base64');
const indexOf = (cursor: unknown) => {
  if (typeof cursor !== 'string') return -1;
  const match = /^arrayconnection:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (match === null) throw new Error(`the cursor "${cursor}" is not one this API gave`);
  return Number(match[1]);
};

function connection<Node>(nodes: readonly Node[], args: { first?: number | null; after?: string | null }) {
  const start = indexOf(args.after ?? undefined) + 1;
  const first = args.first ?? 100;
  const slice = nodes.slice(start, start + first);
  return {
    edges: slice.map((node, offset) => ({ cursor: cursorOf(start + offset), node })),
    pageInfo: {
      hasNextPage: start + slice.length < nodes.length,
      hasPreviousPage: start > 0,
      startCursor: slice.length === 0 ? null : cursorOf(start),
      endCursor: slice.length === 0 ? null : cursorOf(start + slice.length - 1),
    },
  };
}

/**
 * What ShipHero charges for a document: one credit per root field and one per node a connection may return
 * (its `first`, 100 when absent). The connector's estimate uses the same rule; the answer reports the figure.
 */
export function documentComplexity(document: DocumentNode, variables: Record<string, unknown>): number {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  const argumentValue = (node: ValueNode | undefined): unknown =>
    node === undefined
      ? undefined
      : node.kind === Kind.VARIABLE
        ? variables[node.name.value]
        : node.kind === Kind.INT
          ? Number(node.value)
          : undefined;
  const walk = (selections: SelectionSetNode | undefined): number => {
    let total = 0;
    for (const selection of selections?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) continue;
      if (selection.name.value === 'data') {
        const first = argumentValue(selection.arguments?.find((argument) => argument.name.value === 'first')?.value);
        total += typeof first === 'number' ? first : 100;
      }
      total += walk(selection.selectionSet);
    }
    return total;
  };
  return (operation?.selectionSet.selections.length ?? 1) + walk(operation?.selectionSet);
}

/** `analyze: true` on a root field prices the query without running it or spending credits. */
function wantsAnalyze(document: DocumentNode, variables: Record<string, unknown>): boolean {
  return document.definitions.some(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.selectionSet.selections.some(
        (selection) =>
          selection.kind === Kind.FIELD &&
          selection.arguments?.some((argument) => {
            if (argument.name.value !== 'analyze') return false;
            const value = argument.value;
            if (value.kind === Kind.BOOLEAN) return value.value;
            return value.kind === Kind.VARIABLE && variables[value.name.value] === true;
          }),
      ),
  );
}

/** Executes one POST /graphql body against the sandbox's state: errors inside HTTP 200, as ShipHero answers. */
export function createSandboxGraphql(options: SandboxGraphqlOptions) {
  const { state, credits } = options;
  const exchanges: GraphqlExchange[] = [];
  /** Every `inventory_replace` ShipHero took, in order: the writes a push made. */
  const replacements: Array<{ sku: string; warehouse_id: string; quantity: number; reason?: string }> = [];
  const rootValue = (price: number, analyze: boolean) => {
    const result = <Node>(nodes: () => readonly Node[]) => ({
      request_id: randomUUID().replaceAll('-', '').slice(0, 24),
      complexity: price,
      data: analyze ? null : (args: { first?: number; after?: string }) => connection(nodes(), args),
    });
    return {
      user_quota: () => ({
        credits_remaining: credits.remaining(),
        max_available: credits.maximum,
        increment_rate: credits.restorePerSecond,
        is_expired: false,
      }),
      account: () => ({
        request_id: randomUUID().replaceAll('-', '').slice(0, 24),
        complexity: price,
        data: analyze
          ? null
          : {
              id: Buffer.from('Account:63898').toString('base64'),
              legacy_id: 63898,
              warehouses: [...state.warehouses.values()].map((warehouse) => ({
                id: warehouse.uuid,
                identifier: warehouse.identifier,
                legacy_id: warehouse.legacyId,
              })),
            },
      }),
      warehouse_products: (args: { warehouse_id?: string; sku?: string }) =>
        result(() =>
          [...state.levels.values()]
            .filter((entry) => args.warehouse_id == null || entry.warehouse === args.warehouse_id)
            .filter((entry) => args.sku == null || entry.sku === args.sku)
            .map(({ sku, warehouse, level }) => ({
              id: Buffer.from(`WarehouseProduct:${warehouse}/${sku}`).toString('base64'),
              sku: level.malformed ? null : sku,
              warehouse_id: warehouse,
              warehouse_identifier: state.warehouses.get(warehouse)?.identifier ?? null,
              active: true,
              ...level,
              available: level.on_hand - level.allocated - level.reserve_inventory,
            })),
        ),
      inventory_changes: (args: { date_from?: string; sku?: string; warehouse_id?: string }) =>
        result(() => changesSince(state.changes, args)),
      inventory_replace: ({
        data,
      }: {
        data: { sku: string; warehouse_id: string; quantity: number; reason?: string };
      }) => {
        if (!state.warehouses.has(data.warehouse_id)) throw new Error(`there is no warehouse ${data.warehouse_id}`);
        const level = state.levelOf(data.sku, data.warehouse_id).level;
        replacements.push({ ...data });
        if (level.on_hand !== data.quantity) {
          options.onChange(
            state.moveOnHand(data.sku, data.warehouse_id, data.quantity - level.on_hand, data.reason ?? 'replace'),
          );
        }
        return {
          request_id: randomUUID().replaceAll('-', '').slice(0, 24),
          complexity: price,
          warehouse_product: { sku: data.sku, warehouse_id: data.warehouse_id, ...level },
        };
      },
    };
  };

  return {
    exchanges,
    replacements,
    answer(body: unknown): unknown {
      const { query, variables } = (body ?? {}) as { query?: unknown; variables?: Record<string, unknown> };
      const record = (spent: number, answer: unknown) => {
        exchanges.push({ query: String(query), variables: variables ?? {}, spent, answer });
        return answer;
      };
      let document: DocumentNode;
      try {
        document = parse(String(query ?? ''));
      } catch (error) {
        return record(0, { errors: [{ message: (error as Error).message, code: 22 }] });
      }
      const invalid = validate(shipHeroSandboxSchema(), document);
      if (invalid.length > 0)
        return record(0, { errors: invalid.map((error) => ({ message: error.message, code: 22 })) });
      const complexity = documentComplexity(document, variables ?? {});
      const analyze = wantsAnalyze(document, variables ?? {});
      const storm = options.stormSeconds();
      const wait = storm ?? (analyze ? undefined : credits.spend(complexity));
      if (wait !== undefined) return record(0, throttled(complexity, credits.remaining(), wait));
      const result = execute({
        schema: shipHeroSandboxSchema(),
        document,
        variableValues: variables ?? {},
        rootValue: rootValue(complexity, analyze),
      });
      if (result instanceof Promise) throw new Error('the sandbox resolves synchronously');
      const errors = result.errors?.map((error) => ({ message: error.message, code: 9, path: error.path }));
      return record(analyze ? 0 : complexity, {
        data: result.data ?? null,
        ...(errors === undefined ? {} : { errors }),
      });
    },
  };
}

function changesSince(
  changes: readonly SandboxChange[],
  args: { date_from?: string; sku?: string; warehouse_id?: string },
) {
  const from = args.date_from == null ? undefined : Date.parse(`${args.date_from.slice(0, 19)}Z`);
  return changes
    .filter((row) => from === undefined || Date.parse(`${row.created_at.slice(0, 19)}Z`) >= from)
    .filter((row) => args.sku == null || row.sku === args.sku)
    .filter((row) => args.warehouse_id == null || row.warehouse_id === args.warehouse_id)
    .toSorted((left, right) => left.created_at.localeCompare(right.created_at));
}

/** ShipHero's throttling answer (code 30), inside HTTP 200, with the wait in its message and `time_remaining`. */
function throttled(required: number, remaining: number, waitSeconds: number) {
  return {
    errors: [
      {
        code: 30,
        message:
          `There are not enough credits to perform the requested operation, which requires ${required} credits. ` +
          `The remaining credits are ${remaining}. Please try again in ${waitSeconds} seconds`,
        required_credits: required,
        remaining_credits: remaining,
        time_remaining: `${waitSeconds} seconds`,
      },
    ],
    data: null,
  };
}
