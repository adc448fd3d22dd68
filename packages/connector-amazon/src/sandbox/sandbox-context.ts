import type { SandboxResponse } from '@stockwire/connector-kit/sandbox';
import type { AmazonOperation } from '../amazon-rate-limits.ts';
import type { SandboxClock } from './sandbox-clock.ts';
import type { SandboxRateLimits } from './sandbox-rate-limits.ts';
import type { AmazonSandboxState } from './sandbox-state.ts';

/** What every route of the sandbox shares. */
export interface SandboxContext {
  readonly sellerId: string;
  readonly state: AmazonSandboxState;
  readonly clock: SandboxClock;
  readonly rateLimits: SandboxRateLimits;
  /** Milliseconds (sandbox clock) a feed waits IN_QUEUE, then spends IN_PROGRESS. */
  readonly feedQueueMs: number;
  readonly feedProcessingMs: number;
  /** FBA summaries per page; Amazon's is 50, tests lower it to exercise paging. */
  readonly inventoryPageSize: number;
}

/** SP-API's error body: `{ errors: [{ code, message, details }] }`. */
export function amazonError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { errors: [{ code, message }] } };
}

/** Runs a route under its operation's usage plan: 429 when over it, the rate header on every answer. */
export async function underLimit(
  context: SandboxContext,
  operation: AmazonOperation,
  answer: () => SandboxResponse | Promise<SandboxResponse>,
): Promise<SandboxResponse> {
  const refused = context.rateLimits.take(operation);
  if (refused !== undefined) return refused;
  const response = await answer();
  return { ...response, headers: { ...context.rateLimits.headers(operation), ...response.headers } };
}

/** SP-API query lists arrive comma-separated (`marketplaceIds=A,B`), as the SDK sends them. */
export function queryList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((entry) => entry.split(',')).filter((entry) => entry !== '');
}

export function queryValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
