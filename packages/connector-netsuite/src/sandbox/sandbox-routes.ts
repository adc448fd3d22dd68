import type { SandboxRequest, SandboxResponse } from '@stockwire/connector-kit/sandbox';
import { netSuiteError } from './sandbox-answers.ts';
import type { SandboxState } from './sandbox-state.ts';
import { type SuiteQlEngine, UnsupportedQueryError } from './suiteql-engine.ts';

/** NetSuite's SuiteQL limits: 1 000 rows a page, 100 000 rows a query, offset a multiple of limit. */
const maximumLimit = 1_000;
const maximumResults = 100_000;

/** SuiteQL rows: lower-case columns, every value a string, null columns left out, and `links: []`. */
function suiteQlRow(row: Record<string, unknown>): Record<string, unknown> {
  const item: Record<string, unknown> = { links: [] };
  for (const [name, value] of Object.entries(row))
    if (value !== null && value !== undefined) item[name.toLowerCase()] = String(value);
  return item;
}

export function answerSuiteQl(request: SandboxRequest, engine: SuiteQlEngine, origin: string): SandboxResponse {
  if (!/(^|[\s,])transient($|[\s,;])/i.test(request.headers.prefer ?? '')) {
    return netSuiteError(400, 'INVALID_REQUEST', 'The request must have the header Prefer: transient.', {
      'o:errorHeader': 'Prefer',
    });
  }
  const limit = Number(request.query.limit ?? maximumLimit);
  const offset = Number(request.query.offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > maximumLimit) {
    return netSuiteError(400, 'INVALID_PARAMETER', `Invalid limit ${request.query.limit}: 1 to 1000.`, {
      'o:errorQueryParam': 'limit',
    });
  }
  if (!Number.isInteger(offset) || offset < 0 || offset % limit !== 0) {
    return netSuiteError(400, 'INVALID_PARAMETER', 'The offset must be a multiple of the limit.', {
      'o:errorQueryParam': 'offset',
    });
  }
  const body = request.json as { q?: unknown; params?: unknown } | undefined;
  if (typeof body?.q !== 'string')
    return netSuiteError(400, 'INVALID_CONTENT', 'The request body must hold the query in "q".');
  let rows: Array<Record<string, unknown>>;
  try {
    rows = engine.run(body.q, Array.isArray(body.params) ? body.params : []);
  } catch (error) {
    if (!(error instanceof UnsupportedQueryError)) throw error;
    return netSuiteError(
      400,
      'INVALID_PARAMETER',
      `Invalid search query. Detailed unprocessed description follows. ${error.message}`,
    );
  }
  const totalResults = Math.min(rows.length, maximumResults);
  const items = rows.slice(offset, Math.min(offset + limit, totalResults)).map(suiteQlRow);
  const hasMore = offset + items.length < totalResults;
  const self = `${origin}${request.path}?limit=${limit}&offset=${offset}`;
  const links = [{ rel: 'self', href: self }];
  if (hasMore) links.push({ rel: 'next', href: `${origin}${request.path}?limit=${limit}&offset=${offset + limit}` });
  return { body: { links, count: items.length, hasMore, items, offset, totalResults } };
}

interface AdjustmentBody {
  externalId?: unknown;
  account?: { id?: unknown };
  adjLocation?: { id?: unknown };
  inventory?: { items?: Array<{ item?: { id?: unknown }; location?: { id?: unknown }; adjustQtyBy?: unknown }> };
}

/** `POST /record/v1/inventoryAdjustment`: 204 with the new record's Location, as NetSuite creates records. */
export function answerCreateAdjustment(request: SandboxRequest, state: SandboxState, origin: string): SandboxResponse {
  const body = request.json as AdjustmentBody | undefined;
  const lines = body?.inventory?.items;
  if (typeof body?.account?.id !== 'string')
    return netSuiteError(400, 'USER_ERROR', 'Please enter value(s) for: Adjustment Account', {
      'o:errorPath': 'account',
    });
  if (!Array.isArray(lines) || lines.length === 0)
    return netSuiteError(400, 'USER_ERROR', 'You must enter at least one line item for this transaction.', {
      'o:errorPath': 'inventory',
    });
  if (typeof body.externalId === 'string' && state.findTransactionByExternalId(body.externalId) !== undefined) {
    return netSuiteError(400, 'DUP_RECORD', `A record with external ID ${body.externalId} already exists.`, {
      'o:errorPath': 'externalId',
    });
  }
  const parsed: Array<{ item: number; location: number; quantity: number; units?: number }> = [];
  for (const [index, line] of lines.entries()) {
    const item = Number(line.item?.id);
    const location = Number(line.location?.id ?? body.adjLocation?.id);
    if (!Number.isInteger(item) || state.itemName(item) === undefined) {
      return netSuiteError(
        400,
        'INVALID_CONTENT',
        `Error while accessing resource: You have entered an Invalid Field Value ${String(line.item?.id)} for the following field: item`,
        { 'o:errorPath': `inventory.items[${index}].item` },
      );
    }
    if (typeof line.adjustQtyBy !== 'number' || !Number.isFinite(line.adjustQtyBy)) {
      return netSuiteError(400, 'INVALID_CONTENT', 'adjustQtyBy must be a number.', {
        'o:errorPath': `inventory.items[${index}].adjustQtyBy`,
      });
    }
    // A line without `units` is in the item's stock unit (cases for an item kept in cases), as NetSuite reads it.
    const units = state.stockUnit(item);
    parsed.push({ item, location, quantity: line.adjustQtyBy, ...(units === undefined ? {} : { units }) });
  }
  const id = state.addTransaction({
    type: 'InvAdjst',
    lines: parsed,
    externalId: typeof body.externalId === 'string' ? body.externalId : undefined,
  });
  return { status: 204, headers: { location: `${origin}/services/rest/record/v1/inventoryAdjustment/${id}` } };
}
